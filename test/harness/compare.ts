// The conformance suite compares engines with the rules users get from emr-jobs/testing: one copy, in testing/.
export * from '../../testing/compare-rules.ts';
