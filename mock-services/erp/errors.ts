/** Error body shape shared by every route: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * An error that becomes an HTTP answer. Handlers throw it instead of writing responses, so the
 * error shape and status handling live in one place (the server).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The JSON body sent to the client. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
