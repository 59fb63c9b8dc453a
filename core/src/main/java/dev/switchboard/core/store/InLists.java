package dev.switchboard.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * {@code IN (?, ?, …)} lists whose length is rounded up to a power of two by repeating the last value, so a writer
 * prepares (and keeps) a handful of statement texts rather than one per list length.
 */
final class InLists {
    private InLists() { }

    /** {@code values} (not empty), padded to the next power of two. */
    static <T> List<T> padded(Collection<T> values) {
        List<T> padded = new ArrayList<>(values);
        T last = padded.get(padded.size() - 1);
        int length = Integer.highestOneBit(padded.size() - 1) << 1;
        while (padded.size() < length) {
            padded.add(last);
        }
        return padded;
    }

    /** {@code "?, ?, …"}, {@code count} markers. */
    static String markers(int count) {
        return rows("?", count);
    }

    /**
     * {@code row} {@code count} times, comma-separated: the VALUES of a multi-row insert of {@link #padded} rows, whose
     * repeats of the last row its own conflict then skips.
     */
    static String rows(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    /** {@code "(?), (?), …"}: a {@code VALUES} list of {@code count} one-column rows. */
    static String valueRows(int count) {
        return rows("(?)", count);
    }

    /** Binds {@code values} from parameter {@code first} on; returns the next free parameter index. */
    static int bind(PreparedStatement statement, int first, List<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
        return index;
    }
}
