package dev.vireo;

/**
 * A problem with what the user gave us (a file, a flag, a spec), as opposed to a bug or an internal
 * failure. The command line reports its message on one line and exits with code 2.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Longest user text echoed in a message; longer text is cut, so a 100 kB spec cannot flood the terminal. */
    public static final int EXCERPT = 80;

    /** {@code text} as it may appear in a message: at most {@value #EXCERPT} characters, cut ones marked. */
    public static String excerpt(String text) {
        if (text == null || text.length() <= EXCERPT) {
            return text;
        }
        return text.substring(0, EXCERPT) + "... (" + text.length() + " characters)";
    }
}
