package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentDataDetectionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4929182736455011",
                "4929 1827 3645 5011",
                "4929-1827-3645-5011",
                "49291827364553",
                "5200456789123453",
                "2230001234567895",
                "371449635398431",
                "6011000999900016",
                "6259990000123456780"
            })
    void findsCardNumbersThatPassTheLuhnCheck(String card) {
        assertThat(Detect.in("paid with " + card + ", thanks")).containsExactly("card=" + card);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4929182736455012",
                "4929 1827 3645 5010",
                "5200456789123454",
                "371449635398432",
                "492918273645",
                "49291827364550110000"
            })
    void ignoresCardLikeNumbersThatFailTheChecks(String notACard) {
        assertThat(Detect.in("paid with " + notACard + ", thanks")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1700000000000", "10000000000000000", "9000000000000008", "order-4929182736455011"})
    void ignoresNumbersOutsideTheCardRangesOrInsideIdentifiers(String number) {
        assertThat(Detect.in("{\"id\": \"" + number + "\"}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4929 1827 3645 5011 2024", "4929-1827-3645-5011-7"})
    void findsACardFollowedByAnotherGroupOfDigits(String text) {
        assertThat(Detect.in(text)).containsExactly("card=" + text.substring(0, 19));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ES9121000418450200051332",
                "ES91 2100 0418 4502 0005 1332",
                "DE89370400440532013000",
                "GB29NWBK60161331926819",
                "NL91ABNA0417164300",
                "FR1420041010050500013M02606"
            })
    void findsIbansThatPassTheMod97Check(String iban) {
        assertThat(Detect.in("transfer to " + iban + " EUR")).containsExactly("iban=" + iban);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ES9221000418450200051332",
                "GB28NWBK60161331926819",
                "ES912100041845020005133",
                "QQ9121000418450200051332",
                "ES9121000418450200051332X",
                "es9121000418450200051332"
            })
    void ignoresIbansThatFailTheChecks(String notAnIban) {
        assertThat(Detect.in("transfer to " + notAnIban + " EUR")).isEmpty();
    }
}
