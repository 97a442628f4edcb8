// Every fast-check property of the suite runs from a seed it prints when it fails
// (fast-check's report gives seed and path); LF_TEST_SEED and LF_TEST_PATH replay one.
import fc from 'fast-check';

const seed = process.env.LF_TEST_SEED;
if (seed !== undefined && seed !== '') {
  fc.configureGlobal({ seed: Number(seed), ...(process.env.LF_TEST_PATH ? { path: process.env.LF_TEST_PATH } : {}) });
}
