// The plan IR: the one contract between the DSL, the compilers and the runtime.
export * from './types.ts';
export * from './expr.ts';
export * from './catalogue.ts';
export * from './formats.ts';
export * from './nodes.ts';
export * from './plan.ts';
export * from './derive.ts';
export * from './errors.ts';
export * from './validate.ts';
export * from './time-pattern.ts';
export * from './regex-dialect.ts';
export * from './time-range.ts';
export * from './ml.ts';
export * from './name-rules.ts';
export * from './printable-text.ts';
export * from './params.ts';
export * from './param-values.ts';
