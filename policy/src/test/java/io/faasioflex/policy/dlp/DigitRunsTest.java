package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigitRunsTest {

    @Test
    void joinsDigitsSeparatedByUpToTwoSeparators() {
        assertThat(runs("card 4929 1827-3645 5011, tel (415) 555-2671"))
                .containsExactly("4929 1827-3645 5011:16:4", "415) 555-2671:10:4");
    }

    @Test
    void splitsAtLettersAndLongerGaps() {
        assertThat(runs("2024-05-01T10:00 12   34 x9"))
                .containsExactly("2024-05-01:8:4", "10:2:2", "00 12:4:2", "34:2:2", "9:1:1");
    }

    @Test
    void findsNothingWithoutDigits() {
        assertThat(runs("no digits - here ()")).isEmpty();
    }

    @Test
    void keepsTrailingSeparatorsOutOfTheRun() {
        assertThat(runs("12345678-Z")).containsExactly("12345678:8:8");
    }

    /** Each run as {@code text:digits:longestBlock}. */
    private static List<String> runs(String text) {
        var body = text.getBytes(StandardCharsets.ISO_8859_1);
        var runs = DigitRuns.of(body, body.length);
        var out = new ArrayList<String>();
        for (int i = 0; i < runs.size(); i++) {
            out.add(text.substring(runs.start(i), runs.end(i)) + ":" + runs.digits(i) + ":" + runs.longestBlock(i));
        }
        return out;
    }
}
