package io.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void baselineJarAddsASecondMeridianBuildToCompare() {
        Options options = Options.parse(new String[] {"lan-full", "--baseline-jar", "/tmp/before.jar", "--runs", "2"});

        assertThat(options.baselineJar()).isEqualTo(Path.of("/tmp/before.jar"));
        assertThat(options.meridianJar()).isEqualTo(Path.of("server/target/meridian-server.jar"));
        assertThat(options.runs()).isEqualTo(2);
    }

    @Test
    void withoutBaselineJarThereIsNoBaselineRunner() {
        assertThat(Options.parse(new String[] {"noop"}).baselineJar()).isNull();
    }

    @Test
    void baselineJarNeedsAValue() {
        assertThatThrownBy(() -> Options.parse(new String[] {"noop", "--baseline-jar"}))
                .hasMessageContaining("--baseline-jar needs a value");
    }
}
