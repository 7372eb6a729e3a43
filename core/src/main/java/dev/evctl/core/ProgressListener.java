package dev.evctl.core;

/**
 * Told the expected record count once (-1: unknown), then how many are done as it grows; long work reports through
 * it.
 */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void expect(long total) {}

        @Override
        public void done(long records) {}
    };

    void expect(long total);

    void done(long records);
}
