// The part of autocannon 8's programmatic API that the benchmarks use (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Worker threads firing the requests (keeps the load generator off the server's event loop). */
      workers?: number;
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      headers?: Record<string, string>;
      body?: string;
      /** Responses whose body differs are counted in `mismatches`. */
      expectBody?: string;
      /** Responses for which it returns false are counted in `mismatches` (a module path with `workers`). */
      verifyBody?: string | ((body: string) => boolean);
      /** Requests sent in turn; `setupRequest` may change each one (a module path with `workers`). */
      requests?: Array<{ method?: Options['method']; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: string | ((req: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>) }>;
      timeout?: number;
      title?: string;
    }

    /** A histogram summary; `p*` are percentiles, e.g. `p50`, `p97_5`, `p99`. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p99: number;
      [percentile: `p${string}`]: number;
    }

    interface Result {
      title?: string;
      url: string;
      connections: number;
      /** Seconds actually run. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      statusCodeStats: Record<string, { count: number }>;
      /** Milliseconds. */
      latency: Histogram & { totalCount: number };
      /** Requests per second samples; `total` is every completed request. */
      requests: Histogram & { total: number; sent: number };
      throughput: Histogram & { total: number };
    }

    interface Instance extends PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
