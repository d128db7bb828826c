export { FAKE_ADMIN_PASSWORD, FAKE_API_KEY, FAKE_URL, FakeServer, type FakeServerOptions, type InjectedFailure, type RecordedRequest } from './fake-server.js';
