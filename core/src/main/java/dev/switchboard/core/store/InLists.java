package dev.switchboard.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Statement texts for many values, in a handful of shapes, so a writer prepares (and keeps) a few texts rather than
 * one per count: {@code IN (?, ?, …)} lists whose length is rounded up to a power of two by repeating the last value
 * (a repeat costs a bind), and multi-row statements run over runs of rows whose lengths are powers of two (a
 * repeated row would cost a row's work).
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

    /** {@code rows} cut into runs whose lengths are powers of two, longest first: 45 rows make 32, 8, 4 and 1. */
    static <T> List<List<T>> powerOfTwoRuns(List<T> rows) {
        List<List<T>> runs = new ArrayList<>();
        for (int from = 0, length; from < rows.size(); from += length) {
            length = Integer.highestOneBit(rows.size() - from);
            runs.add(rows.subList(from, from + length));
        }
        return runs;
    }

    /** {@code "?, ?, …"}, {@code count} markers. */
    static String markers(int count) {
        return rows("?", count);
    }

    /** {@code row} {@code count} times, comma-separated: the VALUES of a multi-row statement. */
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
