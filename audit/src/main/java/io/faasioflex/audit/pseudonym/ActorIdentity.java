package io.faasioflex.audit.pseudonym;

/**
 * The personal fields of an event's actor, as unsealed for an authorised reader.
 *
 * @param subject the principal, empty for an anonymous caller
 * @param clientAddress where the request came from, empty for internal actions
 */
public record ActorIdentity(String subject, String clientAddress) {

    public ActorIdentity {
        subject = subject == null ? "" : subject;
        clientAddress = clientAddress == null ? "" : clientAddress;
    }
}
