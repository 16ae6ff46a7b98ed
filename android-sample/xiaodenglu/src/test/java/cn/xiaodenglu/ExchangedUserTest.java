package cn.xiaodenglu;

import static cn.xiaodenglu.Vectors.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shape of the exchange's user in {@code test/vectors/exchanged-user.json} reads as the vector says. */
class ExchangedUserTest {
    /** The fields of a vector's {@code user}, each as this library reads it. */
    private static Map<String, Object> view(ExchangedUser user) {
        Map<String, Object> view = new LinkedHashMap<String, Object>();
        view.put("id", user.id());
        view.put("phone", user.phone());
        view.put("phoneCountryCode", user.phoneCountryCode());
        view.put("openid", user.openid());
        view.put("unionid", user.unionid());
        view.put("nickname", user.nickname());
        view.put("photo", user.photo());
        // The JSON reader gives every number as a Double, as JSON.parse does.
        view.put("loginsCount", Double.valueOf(user.loginsCount()));
        view.put("lastLogin", user.lastLogin());
        view.put("signedUp", user.signedUp());
        view.put("lastIP", user.lastIP());
        view.put("blocked", user.blocked());
        view.put("token", user.token());
        view.put("tokenExpiredAt", user.tokenExpiredAt());
        return view;
    }

    @TestFactory
    List<DynamicTest> readVectors() throws Exception {
        List<DynamicTest> tests = new ArrayList<DynamicTest>();
        for (final Map<?, ?> vector : Vectors.cases("exchanged-user.json", "read")) {
            tests.add(DynamicTest.dynamicTest(string(vector, "name"), () -> {
                Object data = vector.get("data");
                String refused = string(vector, "error");
                if (refused == null) {
                    Map<?, ?> expected = Vectors.object(vector, "user");
                    Map<String, Object> read = view(ExchangedUser.read(data));
                    assertEquals(new TreeSet<Object>(expected.keySet()), new TreeSet<Object>(read.keySet()), "the vector's fields");
                    for (Map.Entry<?, ?> field : expected.entrySet()) {
                        Object value = field.getValue() == Json.NULL ? null : field.getValue();
                        assertEquals(value, read.get(field.getKey()), String.valueOf(field.getKey()));
                    }
                } else {
                    ExchangedUser.UnreadableField error = assertThrows(ExchangedUser.UnreadableField.class, () -> ExchangedUser.read(data));
                    assertEquals(refused, error.field);
                }
            }));
        }
        return tests;
    }

    @Test
    void everyShapeOfOneUserIsTheSameUser() throws Exception {
        List<ExchangedUser> users = new ArrayList<ExchangedUser>();
        for (Map<?, ?> vector : Vectors.cases("exchanged-user.json", "read")) {
            String name = string(vector, "name");
            if (Arrays.asList("this service 0.1.0: null for unknown strings", "this service now: \"\" for unknown strings").contains(name)) {
                users.add(ExchangedUser.read(vector.get("data")));
            }
        }
        assertEquals(2, users.size(), "the vectors' names changed: teach this test");
        assertEquals(users.get(0), users.get(1));
        assertEquals(users.get(0).hashCode(), users.get(1).hashCode());
        assertNotEquals(users.get(0), null);
    }
}
