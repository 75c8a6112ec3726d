// Drives the service's MCP server through the official MCP TypeScript SDK, as an AI assistant would (Streamable
// HTTP, the API key as a Bearer header), and prints what each call answered as one JSON object. Used by TaskFlowIT,
// which checks every answer. The tools it found go to standard error, for the test's log.
// Environment: BROWSER_AGENT_MCP_URL (http://host:port/mcp), BROWSER_AGENT_API_KEY, TASK (a task the agent
// finishes at once), HELD_TASK (a task the agent keeps running for a while).
//
// The SDK checks each tool's structured content against the output schema tools/list gave, so every successful
// call below also checks that schema.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const url = new URL(process.env.BROWSER_AGENT_MCP_URL);
const key = process.env.BROWSER_AGENT_API_KEY;

async function connect(apiKey) {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
  });
  const client = new Client({ name: 'browser-agent-mcp-check', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const client = await connect(key);
const answers = { server: client.getServerVersion() };

const { tools } = await client.listTools();
for (const tool of tools) {
  console.error(`tool ${tool.name}(${Object.keys(tool.inputSchema.properties ?? {}).join(', ')})`
    + `${tool.outputSchema ? ' with an output schema' : ''}: ${tool.description}`);
}
answers.tools = tools.map((tool) => ({
  name: tool.name,
  arguments: Object.keys(tool.inputSchema.properties ?? {}),
  required: tool.inputSchema.required ?? [],
  outputSchema: tool.outputSchema !== undefined,
}));

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  return result.isError
    ? { isError: true, text: result.content.map((part) => part.text).join('\n') }
    : result.structuredContent;
}

answers.waited = await call('run_task', { task: process.env.TASK, wait_for_result: true, metadata: { via: 'mcp' } });
answers.task = await call('get_task', { task_id: answers.waited.id });
answers.list = await call('list_tasks', { page: 1, limit: 5 });

const held = (await call('run_task', { task: process.env.HELD_TASK })).id;
const deadline = Date.now() + 90_000;
let status = (await call('get_task', { task_id: held })).status;
while (status !== 'running') {
  if (Date.now() > deadline) {
    throw new Error(`task ${held} still ${status} after 90 s`);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
  status = (await call('get_task', { task_id: held })).status;
}
answers.stop = await call('stop_task', { task_id: held });
answers.stoppedStatus = (await call('get_task', { task_id: held })).status;

answers.invalid = await call('run_task', { task: '', max_agent_steps: 500 });
answers.notFound = await call('get_task', { task_id: '00000000-0000-4000-8000-000000000000' });
await client.close();

try {
  await connect('bu_not_a_key');
  answers.badKey = { unexpected: 'connected' };
} catch (error) {
  answers.badKey = { code: error.code, message: error.message };
}

console.log(JSON.stringify(answers));
