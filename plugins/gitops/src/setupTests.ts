import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The whole suite runs at once, beside integration tests that drive a real control plane on the
// same two cores: a page that renders in 50 ms alone may take seconds then. findBy*/waitFor wait
// up to 10 s (testing-library's default is 1 s); a page that never renders still fails.
configure({ asyncUtilTimeout: 10_000 });
// A test may wait that long more than once, so its own limit is well above it.
jest.setTimeout(30_000);
