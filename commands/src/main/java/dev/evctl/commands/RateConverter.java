package dev.evctl.commands;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --rate}: records a second, more than 0; no limit is {@code --rate} left out, never 0 or a negative rate. */
public final class RateConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        double rate;
        try {
            rate = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of records a second");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new TypeConversionException(
                    "must be more than 0 records a second, got '" + value + "' (leave --rate out for no limit)");
        }
        return rate;
    }
}
