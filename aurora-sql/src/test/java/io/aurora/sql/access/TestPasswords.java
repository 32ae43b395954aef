package io.aurora.sql.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link Passwords#redact} hides of a statement's text, and what it leaves alone. */
class TestPasswords {
  @Test
  void hidesRolePasswords() {
    assertThat(Passwords.redact("CREATE ROLE a LOGIN PASSWORD 'it''s secret' VALID UNTIL 'x'"))
        .isEqualTo("CREATE ROLE a LOGIN PASSWORD '********' VALID UNTIL 'x'");
    assertThat(Passwords.redact("alter user b with password 'pw'"))
        .isEqualTo("alter user b with password '********'");
  }

  @Test
  void hidesSecretPipelineOptionsBareOrQuoted() {
    String sql =
        "CREATE PIPELINE p FROM KAFKA 'h:9092' TOPIC 't' INTO t FORMAT AVRO WITH ("
            + "schema_registry_url = 'http://r:8081', schema_registry_auth = 'user:pw',"
            + " kafka.security.protocol = 'SASL_SSL',"
            + " kafka.sasl.jaas.config = 'org.apache.kafka.common.security.plain.PlainLoginModule"
            + " required username=\"u\" password=\"p\";',"
            + " 'kafka.ssl.truststore.password'='changeit', kafka.ssl.key.password = 'k''ey',"
            + " start = 'earliest')";
    assertThat(Passwords.redact(sql))
        .isEqualTo(
            "CREATE PIPELINE p FROM KAFKA 'h:9092' TOPIC 't' INTO t FORMAT AVRO WITH ("
                + "schema_registry_url = 'http://r:8081', schema_registry_auth = '********',"
                + " kafka.security.protocol = 'SASL_SSL', kafka.sasl.jaas.config = '********',"
                + " 'kafka.ssl.truststore.password'='********', kafka.ssl.key.password ="
                + " '********', start = 'earliest')");
  }

  @Test
  void leavesOtherTextAlone() {
    for (String sql :
        new String[] {
          "SELECT 'password' AS word, password_hint FROM users WHERE secret_level = 3",
          "SELECT * FROM t WHERE note = 'my password is long'",
          "INSERT INTO t VALUES ('a = ''b''')",
          "SELECT 1"
        }) {
      assertThat(Passwords.redact(sql)).isEqualTo(sql);
    }
  }
}
