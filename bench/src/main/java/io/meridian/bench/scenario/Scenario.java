package io.meridian.bench.scenario;

import io.meridian.bench.Bench;

/** One benchmark scenario of issue 5 (or a chart sweep). */
public interface Scenario {

    String name();

    /** One line for {@code --help}. */
    String describe();

    void run(Bench bench) throws Exception;
}
