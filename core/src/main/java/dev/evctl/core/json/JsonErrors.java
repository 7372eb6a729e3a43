package dev.evctl.core.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Jackson's parse errors as one line for a person: what is wrong and where, without Jackson's source notes. */
public final class JsonErrors {

    private JsonErrors() {}

    /** "Unexpected end-of-input … at line 3, column 7" for a parse error; the message of any other error. */
    public static String describe(IOException e) {
        if (e instanceof JsonProcessingException j) {
            String what = j.getOriginalMessage() == null
                    ? "not JSON"
                    : j.getOriginalMessage().lines().findFirst().orElse("not JSON");
            JsonLocation at = j.getLocation();
            return at == null || at.getLineNr() < 1
                    ? what
                    : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return e.getMessage();
    }
}
