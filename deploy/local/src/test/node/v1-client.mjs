// Runs one task through the official Browser Use npm client, exactly as a v1 user would after changing only the
// base URL and the key, and prints the finished task as JSON. Used by TaskFlowIT.
// Environment: BROWSER_AGENT_API_URL (http://host:port/api/v1), BROWSER_AGENT_API_KEY, TASK.
import BrowserUse from 'browser-use-sdk';

const client = new BrowserUse({
  apiKey: process.env.BROWSER_AGENT_API_KEY,
  baseURL: process.env.BROWSER_AGENT_API_URL,
  // v1 clients authenticate with a bearer token; the SDK also sends its own X-Browser-Use-API-Key header.
  defaultHeaders: { Authorization: `Bearer ${process.env.BROWSER_AGENT_API_KEY}` },
});

const { id } = await client.post('/run-task', { body: { task: process.env.TASK } });
const deadline = Date.now() + 90_000;
let status = await client.get(`/task/${id}/status`);
while (!['finished', 'failed', 'stopped'].includes(status)) {
  if (Date.now() > deadline) {
    throw new Error(`task ${id} still ${status} after 90 s`);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
  status = await client.get(`/task/${id}/status`);
}
console.log(JSON.stringify(await client.get(`/task/${id}`)));
