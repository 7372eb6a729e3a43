package dev.evctl.schema.registry;

/**
 * An error answer of the registry, with its HTTP status, its {@code error_code} and a sentence an
 * operator understands. Never carries credentials.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    public RegistryException(int status, int errorCode, String registryMessage, String explanation) {
        super(explanation);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** HTTP status; 0 when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (40401, 42201, 409, …); 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, verbatim. */
    public String registryMessage() {
        return registryMessage;
    }

    public boolean unreachable() {
        return status == 0;
    }

    public boolean unauthorized() {
        return status == 401 || status == 403;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** The operator's sentence for an error code; {@code what} names the request, e.g. "subject 'orders-value'". */
    static String explain(int status, int code, String message, String what) {
        return switch (code) {
            case 40401 -> "subject not found: " + what;
            case 40402 -> "version not found: " + what;
            case 40403 -> "schema not found: " + what;
            case 40404 ->
                "subject was soft-deleted: " + what + " (list it with deleted=true, or delete it permanently)";
            case 40405 -> "subject must be soft-deleted before a permanent delete: " + what;
            case 40406 -> "version was already soft-deleted: " + what;
            case 40407 -> "version must be soft-deleted before a permanent delete: " + what;
            case 40408 -> "no compatibility level is set on " + what + " (the global level applies)";
            case 40409 -> "no mode is set on " + what;
            case 42201 -> "the registry refused the schema as invalid (" + what + "): " + firstLine(message);
            case 42202 -> "invalid version in " + what + ": use a positive number, latest or -1";
            case 42203 -> "invalid compatibility level for " + what + ": " + firstLine(message);
            case 42206 -> "cannot delete " + what + ": other schemas reference it";
            case 409 -> "incompatible schema for " + what + ": " + firstLine(message);
            default ->
                switch (status) {
                    case 401 -> "the registry refused the credentials for " + what + " (HTTP 401)";
                    case 403 -> "not allowed: " + what + " (HTTP 403)";
                    default ->
                        "the registry answered HTTP " + status + (code > 0 ? " / " + code : "") + " for " + what
                                + (message == null || message.isBlank() ? "" : ": " + firstLine(message));
                };
        };
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
