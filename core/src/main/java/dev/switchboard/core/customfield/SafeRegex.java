package dev.switchboard.core.customfield;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.core.error.ApiError;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Operators' {@code regexp}s, run safely: each is compiled once (bounded cache), inputs longer than
 * {@link #MAX_INPUT} never match, and a match is abandoned after {@link #BUDGET} (the input is wrapped in a
 * {@link CharSequence} that checks a deadline), so a catastrophically backtracking pattern costs at most that.
 * Semantics are JavaScript's {@code RegExp.test}: the pattern may match anywhere in the value.
 */
public final class SafeRegex {
    public static final int MAX_INPUT = 4096;
    public static final int MAX_PATTERN = 1024;
    static final Duration BUDGET = Duration.ofMillis(50);

    private static final Cache<String, Pattern> COMPILED = Caffeine.newBuilder().maximumSize(1_000).build();

    private SafeRegex() { }

    /** Compiles {@code regex} or answers 400 naming the problem. */
    public static Pattern compile(String regex) {
        if (regex.length() > MAX_PATTERN) {
            throw ApiError.meteor("error-invalid-regexp", "The regexp is longer than " + MAX_PATTERN
                    + " characters");
        }
        Pattern cached = COMPILED.getIfPresent(regex);
        if (cached != null) {
            return cached;
        }
        try {
            Pattern pattern = Pattern.compile(regex);
            COMPILED.put(regex, pattern);
            return pattern;
        } catch (PatternSyntaxException e) {
            throw ApiError.meteor("error-invalid-regexp", "The regexp is not valid: " + e.getDescription());
        }
    }

    /** True when {@code regex} matches somewhere in {@code value} within the budget. */
    public static boolean test(String regex, String value) {
        return test(regex, value, deadline());
    }

    /** A deadline one budget from now, for checking several values against one shared budget. */
    public static long deadline() {
        return System.nanoTime() + BUDGET.toNanos();
    }

    /**
     * True when {@code regex} matches somewhere in {@code value} before {@code deadlineNanos}
     * ({@link System#nanoTime()} based). Running out of time, or of stack (Java's matcher recurses per repetition
     * of a group), counts as no match.
     */
    public static boolean test(String regex, String value, long deadlineNanos) {
        if (value.length() > MAX_INPUT) {
            return false;
        }
        Pattern pattern = compile(regex);
        try {
            return pattern.matcher(new Deadline(value, deadlineNanos)).find();
        } catch (TimedOut | StackOverflowError e) {
            return false;
        }
    }

    private static final class TimedOut extends RuntimeException {
        TimedOut() {
            super("regexp budget exceeded", null, false, false);
        }
    }

    /** A CharSequence that gives up once its deadline passed; the matcher reads every character through it. */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
                throw new TimedOut();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
