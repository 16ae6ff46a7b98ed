package cn.xiaodenglu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Java reasons are the service's: {@code test/vectors/service.json}, which {@code npm run vectors} writes
 * from the contract's one table ({@code miniprogram/contract/reasons.ts}) and a TypeScript test keeps current.
 */
class ServiceReasonTest {
    @Test
    void exactlyTheReasonsOfTheContractWithTheirStatuses() throws Exception {
        Map<String, Integer> contract = new TreeMap<String, Integer>();
        for (Map<?, ?> vector : Vectors.cases("service.json", "reasons")) {
            contract.put(Vectors.string(vector, "reason"), ((Double) vector.get("status")).intValue());
        }
        assertEquals(contract, javaStatuses());
    }

    @Test
    void thePkceReasonsAreAmongThem() {
        assertEquals(422, ServiceReason.fromWireName("code_challenge_required").status());
        assertEquals(400, ServiceReason.fromWireName("code_verifier_required").status());
        assertEquals(400, ServiceReason.fromWireName("code_verifier_invalid").status());
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
}
