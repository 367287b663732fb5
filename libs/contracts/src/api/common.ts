/** The answer of every paginated list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface ApiFieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** The one error shape of the API. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly ApiFieldProblem[];
}
