package io.firstline.platform.web;

import io.firstline.kernel.StorableText;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a permanent failure (the input or the data can never be stored: retrying changes nothing) from a transient
 * one (the database unreachable, a timeout, an exhausted pool, a serialization failure: the same request may succeed
 * later). What is neither is {@link Kind#UNKNOWN}; callers that must not lose data treat it as transient.
 */
public final class Failures {

    public enum Kind { PERMANENT, TRANSIENT, UNKNOWN }

    private static final int MAX_DEPTH = 16;

    private Failures() {
    }

    public static Kind classify(Throwable error) {
        // The database's own verdict (SQLSTATE) wins over the wrapper types around it.
        int depth = 0;
        for (Throwable e = error; e != null && depth < MAX_DEPTH; e = e.getCause(), depth++) {
            if (e instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && !r2dbc.getSqlState().isBlank()) {
                Kind kind = bySqlState(r2dbc.getSqlState());
                if (kind != Kind.UNKNOWN) {
                    return kind;
                }
            }
        }
        depth = 0;
        for (Throwable e = error; e != null && depth < MAX_DEPTH; e = e.getCause(), depth++) {
            if (e instanceof StorableText.UnstorableTextException) {
                return Kind.PERMANENT;
            }
            if (e instanceof R2dbcTransientException || e instanceof R2dbcNonTransientResourceException
                    || e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                    || e instanceof CannotCreateTransactionException || e instanceof TimeoutException
                    || e instanceof IOException || e.getClass().getName().startsWith("reactor.pool.")) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.UNKNOWN;
    }

    public static boolean permanent(Throwable error) {
        return classify(error) == Kind.PERMANENT;
    }

    /** Worth retrying: transient, or not known to be permanent. */
    public static boolean retryable(Throwable error) {
        return classify(error) != Kind.PERMANENT;
    }

    /** What to tell the sender of a permanent failure: the text check's own words, or the database's class of error. */
    public static String permanentDetail(Throwable error, String what) {
        int depth = 0;
        for (Throwable e = error; e != null && depth < MAX_DEPTH; e = e.getCause(), depth++) {
            if (e instanceof StorableText.UnstorableTextException) {
                return e.getMessage();
            }
        }
        depth = 0;
        for (Throwable e = error; e != null && depth < MAX_DEPTH; e = e.getCause(), depth++) {
            if (e instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                String state = r2dbc.getSqlState();
                if (state.equals("22021") || state.equals("22P05")) {
                    return what + " contains a character the database cannot store (such as U+0000, NUL)";
                }
                if (state.startsWith("22")) {
                    return what + " contains a value the database cannot store (SQLSTATE " + state + ")";
                }
                if (state.startsWith("23")) {
                    return what + " conflicts with the stored data (SQLSTATE " + state + ")";
                }
            }
        }
        return what + " cannot be stored";
    }

    /** The SQLSTATE the database answered with, innermost first found, or null. */
    public static String sqlState(Throwable error) {
        int depth = 0;
        for (Throwable e = error; e != null && depth < MAX_DEPTH; e = e.getCause(), depth++) {
            if (e instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && !r2dbc.getSqlState().isBlank()) {
                return r2dbc.getSqlState();
            }
        }
        return null;
    }

    private static Kind bySqlState(String state) {
        if (state.equals("23505")) {
            return Kind.UNKNOWN; // a unique key two concurrent writers raced for: the retry finds the other's row
        }
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
            return Kind.PERMANENT; // data exception, integrity constraint, syntax or access rule
        }
        if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("55P03") || state.equals("57014")) {
            return Kind.TRANSIENT; // connection, rollback/serialization, resources, shutdown, lock or statement timeout
        }
        return Kind.UNKNOWN;
    }
}
