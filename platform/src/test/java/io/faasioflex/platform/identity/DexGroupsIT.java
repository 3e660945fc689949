package io.faasioflex.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.faasioflex.audit.AuditEvent;
import io.faasioflex.audit.Outcome;
import io.faasioflex.platform.testing.ApiResponse;
import io.faasioflex.platform.testing.DexProcess;
import io.faasioflex.platform.testing.DexProcess.LoginRefusedException;
import io.faasioflex.platform.testing.Functions;
import io.faasioflex.platform.testing.LdapDirectory;
import io.faasioflex.platform.testing.LdapDirectory.Person;
import io.faasioflex.platform.testing.PlatformHarness;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Groups from a real directory: Dex's LDAP connector checks passwords against OpenLDAP (deploy/ldap/directory.ldif)
 * and puts the person's groups in the token; policy data ({@code group_bindings}) turns them into roles per
 * namespace. None of these people has a binding by e-mail address, so every grant here comes from a group.
 */
class DexGroupsIT {

    private static LdapDirectory directory;
    private static DexProcess dex;
    private static PlatformHarness platform;
    private static DexTokenVerifier verifier;

    @BeforeAll
    static void start() {
        directory = LdapDirectory.start();
        dex = DexProcess.startWithLdap(directory);
        verifier = new DexTokenVerifier(dex.jwksUrl(), dex.issuer(), DexProcess.CLIENT_ID);
        platform = PlatformHarness.start(Map.of(
                "micronaut.security.token.jwt.signatures.jwks.issuer.url", dex.jwksUrl(),
                "micronaut.security.token.jwt.claims-validators.issuer", dex.issuer(),
                "micronaut.security.token.jwt.claims-validators.audience", DexProcess.CLIENT_ID));
        platform.register(login(Person.PAULA), inNamespace("team-b", Functions.echo("ledger")));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (dex != null) {
            dex.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    @Test
    void idTokenListsThePersonsDirectoryGroups() throws ParseException {
        JWTClaimsSet paula = verifier.verify(login(Person.PAULA));
        JWTClaimsSet carol = verifier.verify(login(Person.CAROL));

        assertThat(paula.getStringListClaim("groups"))
                .containsExactlyInAnyOrder("platform-admins", "team-a-developers");
        assertThat(paula.getSubject()).isEqualTo(Person.PAULA.subject());
        assertThat(paula.getStringClaim("email")).isEqualTo(Person.PAULA.email());
        assertThat(carol.getStringListClaim("groups")).containsExactly("team-a-developers");
        assertThat(carol.getSubject()).isEqualTo(Person.CAROL.subject());
    }

    @Test
    void teamADeveloperManagesAndInvokesFunctionsInTeamA() {
        String carol = login(Person.CAROL);

        ApiResponse registered =
                platform.postJson("/functions", carol, inNamespace("team-a", Functions.echo("carols")));
        ApiResponse listed = platform.get("/functions?namespace=team-a", carol);
        ApiResponse invoked = platform.post(
                "/functions/carols/invoke?namespace=team-a",
                carol,
                "from carol".getBytes(StandardCharsets.UTF_8),
                "text/plain");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.text()).contains("\"carols\"");
        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.text()).isEqualTo("from carol");
    }

    @Test
    void teamADeveloperIsRefusedInEveryOtherNamespace() {
        String carol = login(Person.CAROL);

        assertThat(platform.postJson("/functions", carol, inNamespace("team-b", Functions.echo("intruder")))
                        .status())
                .isEqualTo(403);
        assertThat(platform.postJson("/functions", carol, Functions.echo("intruder"))
                        .status())
                .isEqualTo(403);
        assertThat(platform.get("/functions?namespace=team-b", carol).status()).isEqualTo(403);
        assertThat(platform.post("/functions/ledger/invoke?namespace=team-b", carol, new byte[0], "text/plain")
                        .status())
                .isEqualTo(403);
        assertThat(platform.get("/metrics", carol).status()).isEqualTo(403);
    }

    @Test
    void theGrantingGroupIsRecordedWithTheDecision() {
        ApiResponse registered =
                platform.postJson("/functions", login(Person.CAROL), inNamespace("team-a", Functions.echo("traced")));

        AuditEvent decision = platform.auditEvent(registered, "authz.decision");

        assertThat(registered.status()).isEqualTo(201);
        assertThat(decision.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(decision.reason()).isEqualTo("role developer grants function.register");
        assertThat(decision.actor().subject()).isEqualTo(Person.CAROL.email());
        assertThat(decision.actor().roles()).containsExactly("group:team-a-developers");
    }

    @Test
    void platformAdminGroupGrantsAdministrationEverywhere() {
        String paula = login(Person.PAULA);

        assertThat(platform.get("/functions/ledger?namespace=team-b", paula).status())
                .isEqualTo(200);
        assertThat(platform.get("/metrics", paula).status()).isEqualTo(200);
    }

    @Test
    void memberOfAGroupWithoutABindingIsRefused() throws ParseException {
        String dan = login(Person.DAN);

        assertThat(verifier.verify(dan).getStringListClaim("groups")).containsExactly("finance-analysts");
        assertThat(platform.get("/functions?namespace=team-a", dan).status()).isEqualTo(403);
        assertThat(platform.get("/functions", dan).status()).isEqualTo(403);
        assertThat(platform.postJson("/functions", dan, inNamespace("team-a", Functions.echo("dans")))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void withoutTheGroupsScopeTheTokenCarriesNoGroupsAndGrantsNothing() throws ParseException {
        String carol = dex.passwordLogin(Person.CAROL.email(), Person.CAROL.password(), "openid email");

        assertThat(verifier.verify(carol).getStringListClaim("groups")).isNull();
        assertThat(platform.get("/functions?namespace=team-a", carol).status()).isEqualTo(403);
    }

    @Test
    void wrongDirectoryPasswordOrUnknownPersonIsRefusedByDex() {
        assertThatThrownBy(() -> dex.passwordLogin(Person.CAROL.email(), "not-the-password", DexProcess.DEFAULT_SCOPE))
                .isInstanceOfSatisfying(LoginRefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.error()).isEqualTo("access_denied");
                });
        assertThatThrownBy(() ->
                        dex.passwordLogin("nobody@example.com", Person.CAROL.password(), DexProcess.DEFAULT_SCOPE))
                .isInstanceOfSatisfying(
                        LoginRefusedException.class,
                        refused -> assertThat(refused.status()).isEqualTo(401));
    }

    private static String login(Person person) {
        return dex.passwordLogin(person.email(), person.password(), DexProcess.DEFAULT_SCOPE);
    }

    private static String inNamespace(String namespace, String function) {
        return function.replaceFirst("\\{", "{\"namespace\": \"" + namespace + "\", ");
    }
}
