package dev.evctl.sandbox.registry;

/** An error answer: {@code {"error_code": code, "message": message}} with an HTTP status. */
final class Failure extends RuntimeException {
    final int status;
    final int code;

    Failure(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The answer to a path or method the registry does not serve, in the real registry's words. */
    static Failure notFound() {
        return new Failure(404, 404, "HTTP 404 Not Found");
    }
}
