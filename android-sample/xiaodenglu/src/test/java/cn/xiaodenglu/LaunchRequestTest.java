package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.bool;
import static cn.xiaodenglu.Vectors.object;
import static cn.xiaodenglu.Vectors.repeat;
import static cn.xiaodenglu.Vectors.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LaunchRequestTest {
    private static final String POOL_ID = "5e4cdd055df3df65dc58b97d";
    private static final String USER_NAME = "gh_a781a791e29e";

    @TestFactory
    List<DynamicTest> buildVectorsOfLaunchQueryJson() throws Exception {
        return buildTests("launch-query.json");
    }

    @TestFactory
    List<DynamicTest> buildVectorsOfPkceJson() throws Exception {
        return buildTests("pkce.json");
    }

    private static List<DynamicTest> buildTests(String file) throws Exception {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final Map<?, ?> vector : Vectors.cases(file, "build")) {
            tests.add(DynamicTest.dynamicTest(file + ": " + string(vector, "name"), () -> {
                final Map<?, ?> input = object(vector, "input");
                final LaunchRequest.Builder builder = LaunchRequest.builder(string(input, "userPoolId"), USER_NAME)
                        .wantPhone(bool(input, "wantPhone"))
                        .useSelfWxapp(bool(input, "useSelfWxapp"))
                        .codeChallenge(string(input, "codeChallenge"));
                String path = string(vector, "path");
                if (path != null) {
                    assertEquals(path, builder.build().path());
                } else {
                    LaunchRequestException error = assertThrows(LaunchRequestException.class, builder::build);
                    assertEquals(string(vector, "error"), error.field());
                }
            }));
        }
        return tests;
    }

    @Test
    void carriesTheFieldsForWXLaunchMiniProgramReq() throws Exception {
        LaunchRequest launch = LaunchRequest.builder(POOL_ID, USER_NAME).programType(LaunchRequest.ProgramType.PREVIEW).build();
        assertEquals(USER_NAME, launch.userName());
        assertEquals(2, launch.miniprogramType());
        assertEquals("/routes/explore?userPoolId=5e4cdd055df3df65dc58b97d&getPhone=1&fromApp=1&useSelfWxapp=0", launch.path());
    }

    @Test
    void defaultsAskForThePhoneOnTheReleaseVersionWithoutAChallenge() throws Exception {
        LaunchRequest launch = LaunchRequest.builder(POOL_ID, USER_NAME).build();
        assertTrue(launch.wantPhone());
        assertFalse(launch.useSelfWxapp());
        assertEquals(LaunchRequest.ProgramType.RELEASE, launch.programType());
        assertEquals(0, launch.miniprogramType());
        assertNull(launch.codeChallenge());
        assertEquals(POOL_ID, launch.userPoolId());
    }

    @Test
    void programTypesAreTheSdkConstants() {
        assertEquals(3, LaunchRequest.ProgramType.values().length);
        assertEquals(0, LaunchRequest.ProgramType.RELEASE.sdkValue());
        assertEquals(1, LaunchRequest.ProgramType.TEST.sdkValue());
        assertEquals(2, LaunchRequest.ProgramType.PREVIEW.sdkValue());
        assertThrows(NullPointerException.class, () -> LaunchRequest.builder(POOL_ID, USER_NAME).programType(null));
    }

    @Test
    void poolIdReasons() {
        assertReason(LaunchRequestException.Reason.USER_POOL_ID_EMPTY, LaunchRequest.builder("", USER_NAME));
        assertReason(LaunchRequestException.Reason.USER_POOL_ID_EMPTY, LaunchRequest.builder(null, USER_NAME));
        assertReason(LaunchRequestException.Reason.USER_POOL_ID_INVALID, LaunchRequest.builder("5e4cdd055df3df65dc58b97\u0301", USER_NAME));
        assertReason(LaunchRequestException.Reason.USER_POOL_ID_INVALID, LaunchRequest.builder("5e4cdd055df3df65dc58b97g", USER_NAME));
    }

    @Test
    void userNameMustBeTheOriginalId() throws Exception {
        Object[][] cases = {
            {"", LaunchRequestException.Reason.USER_NAME_EMPTY},
            {null, LaunchRequestException.Reason.USER_NAME_EMPTY},
            {"wxa0435021fd7a3af2", LaunchRequestException.Reason.USER_NAME_IS_APP_ID},
            {"gh_", LaunchRequestException.Reason.USER_NAME_INVALID},
            {"gh_a781&path=x", LaunchRequestException.Reason.USER_NAME_INVALID},
            {"a781a791e29e", LaunchRequestException.Reason.USER_NAME_INVALID},
            {"gh_" + repeat("a", 65), LaunchRequestException.Reason.USER_NAME_INVALID},
            {"gh_a781\u0301", LaunchRequestException.Reason.USER_NAME_INVALID},
            {"gh-a781a791e29e", LaunchRequestException.Reason.USER_NAME_INVALID},
        };
        for (Object[] row : cases) {
            LaunchRequestException error = assertReason((LaunchRequestException.Reason) row[1], LaunchRequest.builder(POOL_ID, (String) row[0]));
            assertEquals("userName", error.field(), String.valueOf(row[0]));
        }
        assertEquals("gh_A1b2", LaunchRequest.builder(POOL_ID, "gh_A1b2").build().userName());
        String longest = "gh_" + repeat("Z", 64);
        assertEquals(longest, LaunchRequest.builder(POOL_ID, longest).build().userName());
    }

    @Test
    void theFirstWrongFieldIsNamed() {
        assertReason(LaunchRequestException.Reason.USER_POOL_ID_INVALID, LaunchRequest.builder("x", "wx1").codeChallenge("y"));
        assertReason(LaunchRequestException.Reason.USER_NAME_IS_APP_ID, LaunchRequest.builder(POOL_ID, "wx1").codeChallenge("y"));
        assertReason(LaunchRequestException.Reason.CODE_CHALLENGE_INVALID, LaunchRequest.builder(POOL_ID, USER_NAME).codeChallenge("y"));
    }

    @Test
    void aChallengeIsKeptAndAppendedLast() throws Exception {
        String challenge = Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        LaunchRequest launch = LaunchRequest.builder(POOL_ID, USER_NAME).codeChallenge(challenge).build();
        assertEquals(challenge, launch.codeChallenge());
        assertTrue(launch.path().endsWith("&useSelfWxapp=0&codeChallenge=" + challenge), launch.path());
    }

    /** The same as JavaScript's {@code encodeURIComponent}, which {@code sdk/launch-path.ts} uses. */
    @Test
    void percentEncodingIsEncodeURIComponent() {
        assertEquals("AZaz09-_.!~*'()", Contract.percentEncoded("AZaz09-_.!~*'()"));
        assertEquals("a%26b%3Dc%20d%2F%C3%A9", Contract.percentEncoded("a&b=c d/é"));
        assertEquals("%25%23%3F%2B%2C%3B%3A%40%24%5B%5D", Contract.percentEncoded("%#?+,;:@$[]"));
        assertEquals("%F0%9F%98%80%00", Contract.percentEncoded("😀\u0000"));
        assertEquals("a%3Fb", Contract.percentEncoded("a\uD800b"));
    }

    /** Every reason, once: each says something of its own, and names a field the vectors use. */
    @Test
    void errorsExplainThemselves() {
        Set<String> messages = new HashSet<String>();
        Set<String> fields = new HashSet<String>();
        for (LaunchRequestException.Reason reason : LaunchRequestException.Reason.values()) {
            String message = new LaunchRequestException(reason).getMessage();
            assertFalse(message.isEmpty(), reason.name());
            messages.add(message);
            fields.add(reason.field());
        }
        assertEquals(LaunchRequestException.Reason.values().length, messages.size(), "two reasons share a message");
        assertEquals(new HashSet<String>(Arrays.asList("userPoolId", "userName", "codeChallenge")), fields);
        assertTrue(new LaunchRequestException(LaunchRequestException.Reason.USER_POOL_ID_INVALID).getMessage().startsWith(Contract.POOL_ID_EXPLANATION));
    }

    private static LaunchRequestException assertReason(LaunchRequestException.Reason expected, LaunchRequest.Builder builder) {
        LaunchRequestException error = assertThrows(LaunchRequestException.class, builder::build, expected.name());
        assertEquals(expected, error.reason());
        return error;
    }
}
