package io.faasioflex.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.deployment.RepositoryFiles.Yamls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's files (deploy/apisix) against docker-compose.yml and the platform's configuration: what it routes
 * where, which token check runs on each route, which plugins it loads, where it listens and what it lets through.
 */
class GatewayFilesTest {

    private static final DeploymentFiles DEPLOYMENT = new DeploymentFiles();

    @Test
    void everyApiOfThePlatformIsRoutedToThePlatform() {
        Map<String, Object> upstream =
                Yamls.map(Yamls.list(DEPLOYMENT.gateway, "upstreams").getFirst(), "upstream");
        String port = String.valueOf(DEPLOYMENT.settings.get("micronaut.server.port"));

        assertThat(Yamls.map(upstream, "nodes")).containsOnlyKeys("platform:" + port);
        assertThat(platform().environment()).containsEntry("MICRONAUT_SERVER_PORT", port);
        for (String path : DEPLOYMENT.platformApiPaths()) {
            assertThat(uris(tokenRoutes())).as(path).containsAnyOf(path, path + "/*");
        }
        assertThat(uris(tokenRoutes())).doesNotContain("/health", "/health/*");
    }

    @Test
    void tokenRoutesAcceptOnlyBearerTokensTheyVerifiedWithDexsKeys() {
        for (Map<String, Object> route : tokenRoutes()) {
            Map<String, Object> oidc = Yamls.map(DEPLOYMENT.pluginsOf(route), "openid-connect");
            assertThat(oidc)
                    .as(Yamls.string(route, "id"))
                    .containsEntry("bearer_only", true)
                    .containsEntry("use_jwks", true)
                    .containsEntry("token_signing_alg_values_expected", "RS256");
        }
    }

    @Test
    void apiKeyRoutesTakeOnlyRequestsWithAKeyOverTheSamePathsAtAStricterRate() {
        String fetcher = DEPLOYMENT.files.text(
                "platform/src/main/java/io/faasioflex/platform/apikeys/ApiKeyAuthenticationFetcher.java");
        String token = DEPLOYMENT.files.text("platform/src/main/java/io/faasioflex/platform/apikeys/ApiKeyToken.java");
        List<Map<String, Object>> keyRoutes = DEPLOYMENT.gatewayRoutes().stream()
                .filter(route -> route.containsKey("vars"))
                .toList();
        List<String> conditions = keyRoutes.stream()
                .map(route -> String.valueOf(route.get("vars")))
                .toList();

        assertThat(fetcher).contains("HEADER = \"X-Api-Key\"", "SCHEME = \"ApiKey \"");
        assertThat(token).contains("PREFIX = \"ffx_\"");
        assertThat(conditions)
                .containsExactlyInAnyOrder("[[http_x_api_key, ~~, ^ffx_]]", "[[http_authorization, ~*, ^apikey ffx_]]");
        for (Map<String, Object> route : keyRoutes) {
            assertThat(uris(List.of(route))).containsExactlyInAnyOrderElementsOf(uris(tokenRoutes()));
            assertThat(route.get("priority")).as(Yamls.string(route, "id")).isNotNull();
            Map<String, Object> limit = Yamls.map(DEPLOYMENT.pluginsOf(route), "limit-req");
            assertThat(Integer.parseInt(Yamls.string(limit, "rate")))
                    .isLessThan(Integer.parseInt(platform().environment().get("FAAS_LIMITS_REFUSALS_PER_SECOND")));
        }
    }

    @Test
    void gatewayLoadsThePluginsItUsesRunsStandaloneAndListensWhereItIsPublished() {
        Map<String, Object> apisix = Yamls.map(DEPLOYMENT.gatewayConfig, "apisix");
        Map<String, Object> deployment = Yamls.map(DEPLOYMENT.gatewayConfig, "deployment");

        assertThat(Yamls.list(DEPLOYMENT.gatewayConfig, "plugins"))
                .containsExactlyInAnyOrderElementsOf(DEPLOYMENT.gatewayPluginsInUse());
        assertThat(deployment).containsEntry("role", "data_plane");
        assertThat(Yamls.map(deployment, "role_data_plane")).containsEntry("config_provider", "yaml");
        assertThat(DEPLOYMENT.files.text("deploy/apisix/apisix.yaml").strip()).endsWith("#END");
        assertThat(DEPLOYMENT.service("apisix").ports()).containsExactly("127.0.0.1:9080:" + apisix.get("node_listen"));
    }

    @Test
    void gatewayRefusesBodiesOverThePlatformsLimit() {
        Map<String, Object> http = Yamls.map(Yamls.map(DEPLOYMENT.gatewayConfig, "nginx_config"), "http");
        long limit = DeploymentFiles.nginxSize(Yamls.string(http, "client_max_body_size"));

        assertThat(limit).isEqualTo(Long.parseLong(String.valueOf(DEPLOYMENT.settings.get("faas.max-body-bytes"))));
        assertThat(limit)
                .isEqualTo(
                        Long.parseLong(String.valueOf(DEPLOYMENT.settings.get("micronaut.server.max-request-size"))));
    }

    private static ComposeService platform() {
        return DEPLOYMENT.service("platform");
    }

    /** Routes that need a bearer token: all but those matching on a request variable (an API key). */
    private static List<Map<String, Object>> tokenRoutes() {
        return DEPLOYMENT.gatewayRoutes().stream()
                .filter(route -> !route.containsKey("vars"))
                .toList();
    }

    private static List<String> uris(List<Map<String, Object>> routes) {
        return routes.stream()
                .flatMap(route -> Yamls.list(route, "uris").stream())
                .map(String::valueOf)
                .toList();
    }
}
