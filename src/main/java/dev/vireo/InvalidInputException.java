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
}
