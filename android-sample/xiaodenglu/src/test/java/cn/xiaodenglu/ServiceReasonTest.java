package cn.xiaodenglu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Java reasons are the service's: the TypeScript files that define them are read in place. */
class ServiceReasonTest {
    @Test
    void everyReasonOfServiceApiTsWithItsDocumentedStatus() throws Exception {
        // `| 'ticket_invalid' // 400: …` in the ServiceErrorReason union
        Map<String, Integer> documented = statuses(Vectors.readRepoFile("miniprogram/core/service-api.ts"),
                Pattern.compile("\\|\\s*'(\\w+)'[;\\s]*//\\s*(\\d{3})"));
        assertEquals(20, documented.size(), "service-api.ts changed shape: teach this test to read it");
        assertEquals(documented, javaStatuses());
    }

    @Test
    void everyReasonOfStatusOfInServerErrorsTs() throws Exception {
        String source = Vectors.readRepoFile("server/errors.ts");
        String table = source.substring(source.indexOf("STATUS_OF"), source.indexOf("};", source.indexOf("STATUS_OF")));
        assertEquals(statuses(table, Pattern.compile("(\\w+): (\\d{3}),")), javaStatuses());
    }

    @Test
    void helpers() {
        for (ServiceReason reason : ServiceReason.values()) {
            assertEquals(reason.wireName().startsWith("ticket_"), reason.needsNewLogin(), reason.name());
            assertEquals(reason.wireName().startsWith("secret_"), reason.needsServerSideExchange(), reason.name());
            assertSame(reason, ServiceReason.fromWireName(reason.wireName()));
        }
        assertTrue(ServiceReason.TICKET_INVALID.needsNewLogin());
        assertFalse(ServiceReason.RATE_LIMITED.needsNewLogin());
        assertNull(ServiceReason.fromWireName("brewing"));
        assertNull(ServiceReason.fromWireName("TICKET_INVALID"));
        assertNull(ServiceReason.fromWireName(null));
    }

    private static Map<String, Integer> javaStatuses() {
        Map<String, Integer> statuses = new TreeMap<String, Integer>();
        for (ServiceReason reason : ServiceReason.values()) statuses.put(reason.wireName(), reason.status());
        return statuses;
    }

    private static Map<String, Integer> statuses(String source, Pattern pattern) {
        Map<String, Integer> statuses = new TreeMap<String, Integer>();
        Matcher matcher = pattern.matcher(source);
        while (matcher.find()) statuses.put(matcher.group(1), Integer.valueOf(matcher.group(2)));
        return statuses;
    }
}
