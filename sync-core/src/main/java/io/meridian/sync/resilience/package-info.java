/**
 * Resilience4j around registry calls, one set per registry: retry (retryable errors only,
 * capped exponential backoff, Retry-After honoured), circuit breaker (a dead registry fails
 * fast), bulkhead (concurrent calls and transfers), optional rate limiter, and a bytes/second
 * cap per policy.
 */
package io.meridian.sync.resilience;
