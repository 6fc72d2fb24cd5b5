// Row types: a dataset's schema as a TypeScript type, so column names and types are checked by tsc.
import type { ColumnType } from '../plan/index.ts';
import type { Expression } from './expression.ts';

export type Row = { readonly [name: string]: ColumnType };

/** What a row callback receives: one typed expression per column. */
export type Cols<R extends Row> = { readonly [K in keyof R]: Expression<R[K]> };

export type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type TypeOfExpr<E> = E extends Expression<infer T> ? T : never;
export type TypeOfAgg<A> = A extends Expression<infer T> ? T : never;
export type RowOf<S extends Record<string, Expression<ColumnType>>> = Simplify<{ [K in keyof S]: TypeOfExpr<S[K]> }>;
export type AggRowOf<S extends Record<string, Expression<ColumnType>>> = Simplify<{ [K in keyof S]: TypeOfAgg<S[K]> }>;

/** What a column is called after `rename(mapping)`: its new name if the mapping gives one, else its own. */
type NameAfter<M, C> = C extends keyof M ? (M[C] extends string ? M[C] : C) : C;

/** A row after `rename(mapping)`: every column keeps its type and its place; only names change. */
export type RenamedRow<R extends Row, M> = Extract<Simplify<{ -readonly [C in keyof R as NameAfter<M, C> & string]: R[C] }>, Row>;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** One name the type-checker knows: not `string`, not a template pattern, not a union of names. */
type IsOneName<T> = [T] extends [string] ? ({} extends Record<T, 1> ? false : true extends IsUnion<T> ? false : true) : false;

/** An object type, so that it stays in the error message instead of reducing `'a' & 'message'` to never. */
type NameProblem<Message extends string> = { readonly [P in Message]: never };

/**
 * N itself when it is one literal column name, else a type that carries `Message` into the error. A widened
 * name (`string`) would make the new row an index signature, and every misspelt column after it would
 * type-check; so a method that takes a new column name as a parameter asks for `N & LiteralName<N, …>`.
 */
export type LiteralName<N, Message extends string> = IsOneName<N> extends true ? N : NameProblem<Message>;

/**
 * What `rename` checks in its mapping: each new name is a single literal. Only the mapping is inspected,
 * so a rename inside a function generic over the row still compiles.
 */
export type RenameMapping<M> = {
  readonly [C in keyof M]: M[C] extends undefined
    ? M[C]
    : LiteralName<M[C], 'rename: each new name must be one string literal; write the mapping inline or declare it `as const`'>;
};

export type ColumnsOfType<R extends Row, T extends ColumnType> = { [K in keyof R]: R[K] extends T ? K : never }[keyof R] & string;

export type CommonLogRow = {
  host: 'string'; ident: 'string'; user: 'string'; time: 'timestamp'; method: 'string'; path: 'string';
  protocol: 'string'; status: 'int'; bytes: 'long';
};
export type CombinedLogRow = Simplify<CommonLogRow & { referer: 'string'; agent: 'string' }>;

export type ElbLogRow = {
  time: 'timestamp'; elb: 'string'; client_ip: 'string'; client_port: 'int'; backend_ip: 'string'; backend_port: 'int';
  request_processing_time: 'double'; backend_processing_time: 'double'; response_processing_time: 'double';
  elb_status_code: 'int'; backend_status_code: 'int'; received_bytes: 'long'; sent_bytes: 'long';
  method: 'string'; url: 'string'; protocol: 'string'; user_agent: 'string'; ssl_cipher: 'string'; ssl_protocol: 'string';
};

export type AlbLogRow = {
  type: 'string'; time: 'timestamp'; elb: 'string'; client_ip: 'string'; client_port: 'int'; target_ip: 'string'; target_port: 'int';
  request_processing_time: 'double'; target_processing_time: 'double'; response_processing_time: 'double';
  elb_status_code: 'int'; target_status_code: 'int'; received_bytes: 'long'; sent_bytes: 'long';
  method: 'string'; url: 'string'; protocol: 'string'; user_agent: 'string'; ssl_cipher: 'string'; ssl_protocol: 'string';
  target_group_arn: 'string'; trace_id: 'string'; domain_name: 'string'; chosen_cert_arn: 'string';
  matched_rule_priority: 'string'; request_creation_time: 'timestamp'; actions_executed: 'string'; redirect_url: 'string';
  error_reason: 'string'; target_port_list: 'string'; target_status_code_list: 'string'; classification: 'string';
  classification_reason: 'string';
};

export type S3AccessLogRow = {
  bucket_owner: 'string'; bucket: 'string'; time: 'timestamp'; remote_ip: 'string'; requester: 'string'; request_id: 'string';
  operation: 'string'; key: 'string'; request_uri: 'string'; http_status: 'int'; error_code: 'string'; bytes_sent: 'long';
  object_size: 'long'; total_time: 'long'; turn_around_time: 'long'; referer: 'string'; user_agent: 'string';
  version_id: 'string'; host_id: 'string'; signature_version: 'string'; cipher_suite: 'string'; authentication_type: 'string';
  host_header: 'string'; tls_version: 'string'; access_point_arn: 'string'; acl_required: 'string';
};

/** CloudFront standard log: the W3C fields in snake case, `date` and `time` as one UTC `time`. */
export type CloudFrontLogRow = {
  time: 'timestamp'; x_edge_location: 'string'; sc_bytes: 'long'; c_ip: 'string'; cs_method: 'string'; cs_host: 'string';
  cs_uri_stem: 'string'; sc_status: 'int'; cs_referer: 'string'; cs_user_agent: 'string'; cs_uri_query: 'string';
  cs_cookie: 'string'; x_edge_result_type: 'string'; x_edge_request_id: 'string'; x_host_header: 'string';
  cs_protocol: 'string'; cs_bytes: 'long'; time_taken: 'double'; x_forwarded_for: 'string'; ssl_protocol: 'string';
  ssl_cipher: 'string'; x_edge_response_result_type: 'string'; cs_protocol_version: 'string'; fle_status: 'string';
  fle_encrypted_fields: 'int'; c_port: 'int'; time_to_first_byte: 'double'; x_edge_detailed_result_type: 'string';
  sc_content_type: 'string'; sc_content_len: 'long'; sc_range_start: 'long'; sc_range_end: 'long';
};

/** `j.textLines`: one line per row. */
export type TextLineRow = { line: 'string' };

/** `j.cloudTrail`: one CloudTrail event per row (plan/formats.ts CLOUDTRAIL_COLUMNS). */
export type CloudTrailRow = {
  eventTime: 'timestamp';
  eventVersion: 'string';
  eventSource: 'string';
  eventName: 'string';
  eventType: 'string';
  awsRegion: 'string';
  sourceIPAddress: 'string';
  userAgent: 'string';
  errorCode: 'string';
  errorMessage: 'string';
  userType: 'string';
  userArn: 'string';
  userName: 'string';
  accountId: 'string';
  principalId: 'string';
  invokedBy: 'string';
  sessionIssuerUserName: 'string';
  recipientAccountId: 'string';
  eventID: 'string';
  requestID: 'string';
  readOnly: 'boolean';
  requestParameters: 'string';
  responseElements: 'string';
};
