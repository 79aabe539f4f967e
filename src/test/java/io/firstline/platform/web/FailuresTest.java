package io.firstline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.kernel.StorableText;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures are retried (transient) and which are answered once (permanent). */
class FailuresTest {

    @Test
    void textTheDatabaseCannotStoreIsPermanentWhateverWrapsIt() {
        var nul = new R2dbcDataIntegrityViolationException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertThat(Failures.classify(new DataIntegrityViolationException("insert failed", nul))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.permanentDetail(new DataIntegrityViolationException("insert failed", nul), "the message"))
                .isEqualTo("the message contains a character the database cannot store (such as U+0000, NUL)");
        assertThat(Failures.classify(new StorableText.UnstorableTextException("text contains U+0000")))
                .isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new R2dbcBadGrammarException("null value in column", "23502"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.sqlState(new DataIntegrityViolationException("insert failed", nul))).isEqualTo("22021");
        assertThat(Failures.sqlState(new IllegalStateException("no database involved"))).isNull();
    }

    @Test
    void anUnreachableDatabaseATimeoutAPoolAndASerializationFailureAreTransient() {
        var refused = new R2dbcNonTransientResourceException("Cannot connect to localhost:1", new ConnectException("Connection refused"));
        assertThat(Failures.classify(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", refused)))
                .isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new CannotCreateTransactionException("no connection", refused))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new TimeoutException("Did not observe any item"))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new R2dbcTimeoutException("acquire timed out"))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new R2dbcRollbackException("could not serialize access", "40001"))).isEqualTo(Failures.Kind.TRANSIENT);
        assertThat(Failures.classify(new R2dbcNonTransientResourceException("terminating connection", "57P01")))
                .isEqualTo(Failures.Kind.TRANSIENT);
    }

    @Test
    void aUniqueKeyRaceAndAnythingElseAreUnknownAndSoStillRetried() {
        var race = new R2dbcDataIntegrityViolationException("duplicate key value", "23505");
        assertThat(Failures.classify(race)).isEqualTo(Failures.Kind.UNKNOWN);
        assertThat(Failures.retryable(race)).isTrue();
        assertThat(Failures.retryable(new IllegalStateException("the envelope was not stored"))).isTrue();
    }
}
