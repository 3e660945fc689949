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
    void gatewayRoutesTheApiToThePlatformAndChecksTokensOnEveryRoute() {
        Map<String, Object> upstream =
                Yamls.map(Yamls.list(DEPLOYMENT.gateway, "upstreams").getFirst(), "upstream");
        String node = "platform:" + DEPLOYMENT.settings.get("micronaut.server.port");
        List<Object> paths = DEPLOYMENT.gatewayRoutes().stream()
                .flatMap(route -> Yamls.list(route, "uris").stream())
                .toList();

        assertThat(Yamls.map(upstream, "nodes")).containsOnlyKeys(node);
        assertThat(platform().environment())
                .containsEntry("MICRONAUT_SERVER_PORT", node.substring("platform:".length()));
        assertThat(paths).contains("/functions", "/functions/*", "/audit", "/audit/*", "/metrics", "/openapi/*");
        for (Map<String, Object> route : DEPLOYMENT.gatewayRoutes()) {
            Map<String, Object> oidc = Yamls.map(DEPLOYMENT.pluginsOf(route), "openid-connect");
            assertThat(oidc)
                    .as(Yamls.string(route, "id"))
                    .containsEntry("bearer_only", true)
                    .containsEntry("use_jwks", true);
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
}
