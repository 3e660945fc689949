package io.faasioflex.platform.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where an image's content comes from, as the image policy is told. */
class ImageFactsTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aReferenceNamingAHostComesFromThatHostWhateverTheEngineHas() {
        ImageFacts facts = ImageFacts.present("registry.example.com/team/fn:1", List.of(), "65534");

        assertThat(facts.registry()).isEqualTo("registry.example.com");
        assertThat(facts.local()).isFalse();
        assertThat(facts.digestPinned()).isFalse();
    }

    @Test
    void anImageBuiltHereAndNeverPulledIsLocal() {
        ImageFacts facts = ImageFacts.present("faasioflex/busybox-demo:1", List.of(), "65534");

        assertThat(facts.local()).isTrue();
        assertThat(facts.registry()).isEmpty();
    }

    @Test
    void aHostlessReferenceToAPulledImageComesFromTheRegistryOfItsDigest() {
        ImageFacts fromHub = ImageFacts.present("user/img:1", List.of("user/img@" + DIGEST), "");
        ImageFacts byId = ImageFacts.present(DIGEST, List.of("registry.example.com/team/fn@" + DIGEST), "");

        assertThat(fromHub.local()).isFalse();
        assertThat(fromHub.registry()).isEqualTo("docker.io");
        assertThat(byId.local()).isFalse();
        assertThat(byId.registry()).isEqualTo("registry.example.com");
        assertThat(byId.digestPinned()).as("an image id fixes the content").isTrue();
    }

    @Test
    void anAbsentImageIsJudgedByWhereTheEngineWouldPullItFrom() {
        assertThat(ImageFacts.absent("user/img:1").registry()).isEqualTo("docker.io");
        assertThat(ImageFacts.absent("127.0.0.1:5999/probe/x:1").registry()).isEqualTo("127.0.0.1:5999");
        assertThat(ImageFacts.absent("registry.example.com/fn@" + DIGEST).digestPinned())
                .isTrue();
        assertThat(ImageFacts.absent("user/img:1").local()).isFalse();
        assertThat(ImageFacts.absent("user/img:1").user()).isEmpty();
    }
}
