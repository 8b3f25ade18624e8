package dev.surge.cache.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostFieldTest {

  @ParameterizedTest
  @CsvSource({
      "example.com, example.com, -1",
      "example.com:8080, example.com, 8080",
      "example.com:, example.com, -1",
      "127.0.0.1:80, 127.0.0.1, 80",
      "[::1], ::1, -1",
      "[::1]:8443, ::1, 8443"})
  void hostAndPortAreSplit(String field, String name, int port) {
    assertThat(HostField.parse(field))
        .contains(new HostField(name, port < 0 ? OptionalInt.empty() : OptionalInt.of(port)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":80", "a:b:c", "example.com:80a", "example.com:123456", "[::1", "[::1]x", "::1"})
  void fieldsThatAreNoHostAreNotParsed(String field) {
    assertThat(HostField.parse(field)).isEmpty();
  }
}
