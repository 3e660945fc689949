package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "alice.smith+tag@mail.example.org", "x_y%z@sub-1.example.co.uk"})
    void findsEmailAddresses(String address) {
        assertThat(Detect.in("mail " + address + ".")).containsExactly("email=" + address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@localhost", "@example.com", "alice@", "alice@-example", "alice at example.com"})
    void ignoresTextThatIsNotAnEmailAddress(String text) {
        assertThat(Detect.in("mail " + text + " now")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+34 612 345 678",
                "+34612345678",
                "+1 (415) 555-2671",
                "+14155552671",
                "+44 20 7946 0958",
                "(415) 555-2671",
                "415-555-2671",
                "415.555.2671",
                "612 345 678",
                "912 34 56 78"
            })
    void findsPhoneNumbersInInternationalAndNationalFormats(String phone) {
        assertThat(Detect.in("call " + phone + " today")).containsExactly("phone=" + phone);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+123",
                "+1234567890123456",
                "612345678",
                "123-555-2671",
                "415-055-2671",
                "2024-01-15",
                "1.2.3.4",
                "10.0.0.254",
                "v1.415.555.2671",
                "512 345 678"
            })
    void ignoresNumbersThatAreNotConfidentlyPhoneNumbers(String text) {
        assertThat(Detect.in("call " + text + " today")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678Z", "12345678z", "12345678-Z", "87654321X", "45901234L"})
    void findsSpanishDnisWithTheirCheckLetter(String dni) {
        assertThat(Detect.in("DNI " + dni + ".")).containsExactly("dni=" + dni);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678A", "87654321Z", "1234567Z", "123456789Z", "12345678ZZ"})
    void ignoresDnisWithTheWrongCheckLetterOrShape(String text) {
        assertThat(Detect.in("DNI " + text + ".")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X1234567L", "Y7654321G", "Z2345678M", "X-1234567-L", "x1234567l"})
    void findsSpanishNiesWithTheirCheckLetter(String nie) {
        assertThat(Detect.in("NIE " + nie + ".")).containsExactly("nie=" + nie);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X1234567A", "Y1234567L", "W1234567L", "X123456L"})
    void ignoresNiesWithTheWrongCheckLetterOrPrefix(String text) {
        assertThat(Detect.in("NIE " + text + ".")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "665-01-0001", "899-99-9999"})
    void findsUsSocialSecurityNumbers(String ssn) {
        assertThat(Detect.in("SSN " + ssn + ".")).containsExactly("ssn=" + ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-45-6789", "666-45-6789", "900-45-6789", "123-00-6789", "123-45-0000", "123456789"})
    void ignoresSocialSecurityNumbersThatBreakTheNumberingRules(String text) {
        assertThat(Detect.in("SSN " + text + ".")).isEmpty();
    }
}
