package io.faasioflex.platform.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Judges a burst's requests against the ledger and the stream: an acknowledged invocation needs exactly one
 * decision, one successful {@code function.invoke} and one {@code api.call}; no request may have any action twice; and the
 * ledger must hold exactly what the stream holds. Findings name the request and both sides, so a failure explains
 * itself.
 *
 * @param ledger ledger rows by request id
 * @param stream stream events by request id
 */
record ExactlyOnceCheck(Map<String, List<LedgerRows.Row>> ledger, Map<String, List<LedgerRows.Row>> stream) {

    private static final List<String> ONCE_PER_REQUEST = List.of("authz.decision", "function.invoke", "api.call");

    /** Acknowledged requests whose events are not exactly one decision, one successful invocation and one API call. */
    List<String> violations(List<String> acknowledged) {
        List<String> violations = new ArrayList<>();
        for (String requestId : acknowledged) {
            List<LedgerRows.Row> rows = rowsOf(requestId);
            boolean invokedOnce = count(rows, "function.invoke") == 1
                    && rows.stream()
                            .anyMatch(r -> r.action().equals("function.invoke")
                                    && r.outcome().equals("SUCCESS"));
            if (!invokedOnce || count(rows, "authz.decision") != 1 || count(rows, "api.call") != 1) {
                violations.add(describe(requestId));
            }
        }
        return violations;
    }

    /**
     * Any request of the burst, acknowledged or not, with its decision, invocation or API call recorded more than
     * once. Instance events are left out: one request may legitimately replace a lost instance.
     */
    List<String> doubled() {
        return Stream.concat(ledger.keySet().stream(), stream.keySet().stream())
                .distinct()
                .filter(requestId -> Stream.of(rowsOf(requestId), streamOf(requestId))
                        .anyMatch(rows -> ONCE_PER_REQUEST.stream().anyMatch(action -> count(rows, action) > 1)))
                .map(this::describe)
                .toList();
    }

    /** Requests whose ledger rows differ from their stream events (ids, sequences, actions or outcomes). */
    List<String> projectionMismatches() {
        return Stream.concat(ledger.keySet().stream(), stream.keySet().stream())
                .distinct()
                .filter(requestId -> !rowsOf(requestId).equals(streamOf(requestId)))
                .map(this::describe)
                .toList();
    }

    /** Requests the clients saw fail or not answered, yet whose invocation completed: the work ran, the answer was lost. */
    long completedButUnacknowledged(InvocationBurst.Result burst) {
        return Stream.concat(burst.unanswered().stream(), burst.refused().keySet().stream())
                .filter(requestId -> rowsOf(requestId).stream()
                        .anyMatch(r -> r.action().equals("function.invoke")
                                && r.outcome().equals("SUCCESS")))
                .count();
    }

    private List<LedgerRows.Row> rowsOf(String requestId) {
        return ledger.getOrDefault(requestId, List.of());
    }

    private List<LedgerRows.Row> streamOf(String requestId) {
        return stream.getOrDefault(requestId, List.of());
    }

    private String describe(String requestId) {
        return requestId + " ledger=" + rowsOf(requestId) + " stream=" + streamOf(requestId);
    }

    private static long count(List<LedgerRows.Row> rows, String action) {
        return rows.stream().filter(r -> r.action().equals(action)).count();
    }
}
