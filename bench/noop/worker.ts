// The ceiling: a Worker whose email() does nothing, started exactly like
// Pigeonhole, so the bench can report our ingest as a share of what the
// local email endpoint itself allows.
export default {
  async fetch(): Promise<Response> {
    // startService() waits for /api/v1/config to answer 200.
    return Response.json({ noop: true });
  },
  async email(): Promise<void> {},
};
