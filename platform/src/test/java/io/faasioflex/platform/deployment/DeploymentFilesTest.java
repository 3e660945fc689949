package io.faasioflex.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.deployment.ComposeService.Mount;
import io.faasioflex.platform.deployment.RepositoryFiles.Yamls;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be started where the tests run (no container registry), so this test keeps it
 * consistent instead: with the configuration files it mounts, with the platform's configuration keys, with
 * the versions the local set-up pins, and with itself (names, ports, URLs, paths and secrets agree).
 */
class DeploymentFilesTest {

    private static final DeploymentFiles DEPLOYMENT = new DeploymentFiles();

    @Test
    void stackRunsTheGatewayIdentityMessagingPolicyDatabaseAndPlatform() {
        assertThat(DEPLOYMENT.services).containsOnlyKeys("apisix", "dex", "nats", "opa", "postgres", "platform");
    }

    @Test
    void everyServiceHasResourceLimitsAndAHealthCheck() {
        for (ComposeService service : DEPLOYMENT.services.values()) {
            assertThat(service.limits()).as(service.name()).containsKeys("cpus", "memory");
            assertThat(service.healthcheckTest())
                    .as(service.name())
                    .isNotEmpty()
                    .doesNotContain("NONE");
        }
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
        assertThat(platform().dependsOn()).containsOnlyKeys("postgres", "nats", "opa", "dex");
        assertThat(DEPLOYMENT.service("apisix").dependsOn()).containsKeys("platform", "dex");
        for (ComposeService service : DEPLOYMENT.services.values()) {
            service.dependsOn().forEach((dependency, condition) -> {
                assertThat(DEPLOYMENT.services).as(service.name()).containsKey(dependency);
                assertThat(condition)
                        .as(service.name() + " waits for " + dependency)
                        .isEqualTo("service_healthy");
            });
        }
    }

    @Test
    void platformReachesNatsOpaAndItsOwnNonSuperuserDatabaseRoleByServiceNameAndPort() {
        Map<String, String> env = platform().environment();
        ComposeService postgres = DEPLOYMENT.service("postgres");
        URI nats = URI.create(env.get("FAAS_NATS_URL"));
        URI opa = URI.create(env.get("FAAS_POLICY_REMOTE_URL"));
        URI database = URI.create(env.get("DATASOURCES_DEFAULT_URL").substring("jdbc:".length()));

        assertThat(nats.getHost()).isEqualTo("nats");
        assertThat(nats.getPort()).isEqualTo(DEPLOYMENT.natsClientPort());
        assertThat(DEPLOYMENT.argumentAfter(DEPLOYMENT.service("nats"), "-a")).isEqualTo("0.0.0.0");
        assertThat(opa.getHost()).isEqualTo("opa");
        assertThat(opa.getPort())
                .isEqualTo(DeploymentFiles.port(DEPLOYMENT.argumentAfter(DEPLOYMENT.service("opa"), "--addr")));
        assertThat(env).containsEntry("FAAS_POLICY_ENGINE", "remote");
        assertThat(database.getHost()).isEqualTo("postgres");
        assertThat(database.getPort()).isEqualTo(5432);
        assertThat(postgres.environment()).doesNotContainKeys("POSTGRES_USER", "POSTGRES_DB");
        assertThat(postgres.mounts())
                .anyMatch(mount -> mount.source().equals("./deploy/compose/postgres-init.sh")
                        && mount.target().startsWith("/docker-entrypoint-initdb.d/"));
        assertThat(DEPLOYMENT.files.text("deploy/compose/postgres-init.sh"))
                .contains("CREATE ROLE " + env.get("DATASOURCES_DEFAULT_USERNAME") + " LOGIN")
                .contains("CREATE DATABASE " + database.getPath().substring(1) + " OWNER "
                        + env.get("DATASOURCES_DEFAULT_USERNAME"));
        for (String name : List.of("nats", "opa", "postgres", "dex")) {
            assertThat(DEPLOYMENT.service(name).networks())
                    .as(name)
                    .containsAnyElementsOf(platform().networks());
        }
    }

    @Test
    void platformAndGatewayTrustTheIssuerDexAnnounces() {
        String issuer = DEPLOYMENT.dexIssuer();
        Map<String, Object> oidc = DEPLOYMENT.gatewayTokenCheck();
        Map<String, Object> issuerRule = Yamls.map(Yamls.map(oidc, "claim_validator"), "issuer");

        assertThat(URI.create(issuer).getHost()).isEqualTo("dex");
        assertThat(URI.create(issuer).getPort())
                .isEqualTo(DeploymentFiles.port(Yamls.string(Yamls.map(DEPLOYMENT.dex, "web"), "http")));
        assertThat(platform().environment())
                .containsEntry("MICRONAUT_SECURITY_TOKEN_JWT_CLAIMS_VALIDATORS_ISSUER", issuer)
                .containsEntry("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_ISSUER_URL", issuer + "/keys");
        // APISIX finds the key set through discovery; Dex always serves it at <issuer>/keys.
        assertThat(Yamls.string(oidc, "discovery")).isEqualTo(issuer + "/.well-known/openid-configuration");
        assertThat(Yamls.list(issuerRule, "valid_issuers")).containsExactly(issuer);
    }

    @Test
    void tokensAreForTheClientDexDeclaresWhoseSecretIsAComposeSecret() {
        Map<String, Object> client = DEPLOYMENT.dexClient();
        String clientId = Yamls.string(client, "id");

        assertThat(platform().environment())
                .containsEntry("MICRONAUT_SECURITY_TOKEN_JWT_CLAIMS_VALIDATORS_AUDIENCE", clientId);
        assertThat(Yamls.string(DEPLOYMENT.gatewayTokenCheck(), "client_id")).isEqualTo(clientId);
        assertThat(client).doesNotContainKey("secret");
        assertThat(DEPLOYMENT.service("dex").commandLine())
                .contains(Yamls.string(client, "secretEnv") + "=\"$(cat /run/secrets/");
    }

    @Test
    void configurationMountedFromTheRepositoryExists() {
        for (ComposeService service : DEPLOYMENT.services.values()) {
            for (Mount mount : service.mounts()) {
                if (mount.inRepository()) {
                    assertThat(DEPLOYMENT.files.exists(mount.source()))
                            .as(service.name() + " " + mount)
                            .isTrue();
                    assertThat(mount.readOnly())
                            .as(service.name() + " " + mount)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void secretsAreGeneratedFilesGrantedOnlyToTheServicesThatReadThem() {
        Map<String, Object> secrets = Yamls.map(DEPLOYMENT.compose, "secrets");
        String generator = DEPLOYMENT.files.text("deploy/compose/prepare.sh");

        assertThat(DEPLOYMENT.files.text("deploy/compose/.gitignore")).containsPattern("(?m)^secrets/$");
        secrets.forEach((name, definition) -> {
            assertThat(Yamls.string(Yamls.map(definition, name), "file")).isEqualTo("./deploy/compose/secrets/" + name);
            assertThat(generator).as(name).containsPattern("(?m)^secret " + Pattern.quote(name) + " ");
        });
        for (ComposeService service : DEPLOYMENT.services.values()) {
            List<String> read = service.secretsRead();
            assertThat(service.secrets()).as(service.name()).containsExactlyInAnyOrderElementsOf(read);
            assertThat(secrets.keySet()).as(service.name()).containsAll(read);
        }
        assertThat(platform().secretsRead()).contains("postgres-password", "audit-signing-key", "audit-pseudonym-key");
    }

    @Test
    void opaServesTheProjectsPoliciesWithoutTheirTestsAndDlpReadsTheSameData() {
        ComposeService opa = DEPLOYMENT.service("opa");

        assertThat(opa.mounts())
                .contains(
                        new Mount("./policy/rego", "/policy/rego", true),
                        new Mount("./policy/data", "/policy/data", true));
        assertThat(opa.commandArguments()).contains("/policy/rego", "/policy/data", "--authorization=basic");
        assertThat(opa.mounts())
                .anyMatch(mount -> mount.source().equals("./deploy/compose/opa-authz.rego")
                        && opa.commandArguments().contains(mount.target()));
        assertThat(DEPLOYMENT.argumentAfter(opa, "--ignore")).isEqualTo("*_test.rego");
        assertThat(platform().mounts())
                .contains(new Mount("./policy/data", platform().environment().get("FAAS_POLICY_DATA_PATH"), true));
    }

    @Test
    void functionContainersSeeTheSameHostPathsAsThePlatform() {
        Map<String, String> env = platform().environment();
        List<Mount> mounts = platform().mounts();
        String watchdog = env.get("FAAS_RUNTIME_WATCHDOG_BINARY");
        String instances = env.get("FAAS_RUNTIME_INSTANCES_DIR");
        String secretFiles = env.get("FAAS_SECRETS_HOST_DIR");

        assertThat(mounts).contains(new Mount(watchdog, watchdog, true), new Mount(instances, instances, false));
        assertThat(mounts).contains(new Mount("/var/run/docker.sock", "/var/run/docker.sock", false));
        assertThat(env).containsEntry("FAAS_RUNTIME_DOCKER_HOST", "unix:///var/run/docker.sock");
        assertThat(secretFiles).startsWith("/dev/shm/");
        assertThat(mounts)
                .anyMatch(
                        mount -> mount.source().equals(mount.target()) && secretFiles.startsWith(mount.target() + "/"));
    }

    @Test
    void imagesArePinnedToTheVersionsTheLocalSetUpRuns() {
        Properties versions = DEPLOYMENT.files.assignments("deploy/versions.env");
        Properties dex = DEPLOYMENT.files.assignments("deploy/build-dex.sh");

        assertThat(DEPLOYMENT.service("nats").imageTag())
                .startsWith(DeploymentFiles.release(versions, "NATS_SERVER_VERSION") + "-");
        assertThat(DEPLOYMENT.service("opa").imageTag())
                .startsWith(DeploymentFiles.release(versions, "OPA_VERSION") + "-");
        assertThat(DEPLOYMENT.service("dex").imageTag()).isEqualTo(dex.getProperty("DEX_VERSION"));
        assertThat(DEPLOYMENT.service("postgres").imageTag()).startsWith("15.");
        assertThat(DEPLOYMENT.files.text("deploy/services.sh")).contains("/usr/lib/postgresql/15/bin");
        assertThat(DEPLOYMENT.service("apisix").imageTag()).matches("3\\.\\d+\\.\\d+-debian");
    }

    @Test
    void environmentOverridesNameKeysThePlatformReads() {
        String applicationYml = DEPLOYMENT.files.text(DeploymentFiles.APPLICATION_YML);
        List<String> known = DEPLOYMENT.configurationKeys().stream()
                .map(DeploymentFiles::environmentName)
                .toList();

        assertThat(applicationYml).contains("# claims-validators:");
        for (String variable : platform().environment().keySet()) {
            if (variable.matches("(FAAS|MICRONAUT|DATASOURCES)_.*")) {
                assertThat(known).as(variable).contains(variable);
            }
        }
    }

    @Test
    void platformRunsTheJarItsImageHoldsAsTheDockerSocketsGroup() {
        String dockerfile = DEPLOYMENT.files.text("deploy/platform/Dockerfile");
        Matcher copy = Pattern.compile("(?m)^COPY \\S+\\.jar (\\S+)$").matcher(dockerfile);
        Map<String, Object> build = Yamls.map(platform().definition(), "build");

        assertThat(copy.find()).as("COPY of the jar in the Dockerfile").isTrue();
        assertThat(platform().commandLine()).contains("-jar " + copy.group(1));
        assertThat(dockerfile).contains("ARG DOCKER_GID");
        assertThat(Yamls.map(build, "args")).containsKey("DOCKER_GID");
        assertThat(Yamls.string(build, "dockerfile")).isEqualTo("deploy/platform/Dockerfile");
    }

    @Test
    void onlyTheGatewayAndDexArePublishedOnTheLoopbackAndNeitherReachesTheStores() {
        Map<String, Object> networks = Yamls.map(DEPLOYMENT.compose, "networks");

        for (ComposeService service : DEPLOYMENT.services.values()) {
            if (!service.ports().isEmpty()) {
                assertThat(service.name()).isIn("apisix", "dex");
                assertThat(service.ports()).allMatch(port -> port.startsWith("127.0.0.1:"));
            }
        }
        networks.forEach((name, network) -> assertThat(Yamls.map(network, name).get("internal"))
                .as(name)
                .isEqualTo(name.equals("edge") ? null : true));
        assertThat(platform().networks()).doesNotContain("edge");
        assertThat(DEPLOYMENT.neighbours("apisix")).containsExactlyInAnyOrder("platform", "dex");
        for (String store : List.of("nats", "opa", "postgres")) {
            assertThat(DEPLOYMENT.neighbours(store))
                    .as(store)
                    .contains("platform")
                    .doesNotContain("apisix", "dex");
        }
    }

    @Test
    void everyDexUserHoldsARoleInThePolicyAndTheLocalDexHasTheSameUsers() {
        Map<String, Object> tenancy = DEPLOYMENT.files.yaml("policy/data/faas/tenancy/data.json");
        List<String> users = DeploymentFiles.dexUsers(DEPLOYMENT.dex);
        List<String> subjects = Yamls.list(tenancy, "bindings").stream()
                .map(entry -> Yamls.string(Yamls.map(entry, "binding"), "subject"))
                .toList();

        assertThat(users).isNotEmpty().containsExactlyElementsOf(DeploymentFiles.dexUsers(DEPLOYMENT.localDex));
        for (String user : users) {
            assertThat(subjects).as(user).contains(user.substring(0, user.indexOf(' ')));
        }
    }

    private static ComposeService platform() {
        return DEPLOYMENT.service("platform");
    }
}
