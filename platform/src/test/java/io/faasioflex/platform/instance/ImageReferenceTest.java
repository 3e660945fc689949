package io.faasioflex.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasioflex.platform.instance.ImageInspector.ImageReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void aTagAfterTheLastSlashIsSplitOffEvenWithARegistryPort() {
        assertThat(ImageReference.parse("127.0.0.1:9/faasioflex/missing:1"))
                .isEqualTo(new ImageReference("127.0.0.1:9/faasioflex/missing", Optional.of("1")));
    }

    @Test
    void anUntaggedReferenceMeansLatestNeverEveryTag() {
        assertThat(ImageReference.parse("127.0.0.1:9/faasioflex/missing"))
                .isEqualTo(new ImageReference("127.0.0.1:9/faasioflex/missing", Optional.of("latest")));
        assertThat(ImageReference.parse("busybox").tag()).contains("latest");
    }

    @Test
    void aDigestReferenceIsPulledAsIs() {
        String pinned = "registry.example/app@sha256:" + "0".repeat(64);

        assertThat(ImageReference.parse(pinned)).isEqualTo(new ImageReference(pinned, Optional.empty()));
    }
}
