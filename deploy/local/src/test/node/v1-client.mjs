// Drives the service through the official Browser Use npm client, exactly as a v1 user would after changing only
// the base URL and the key, and prints what each call answered as one JSON object. Used by TaskFlowIT, which
// checks every answer.
// Environment: BROWSER_AGENT_API_URL (http://host:port/api/v1), BROWSER_AGENT_API_KEY, TASK (a task the agent
// finishes at once), HELD_TASK (a task the agent keeps running for a while).
//
// The SDK's typed resource methods are written for the v2 API: tasks.create is POST /tasks, tasks.retrieve
// GET /tasks/{id}, tasks.update PATCH /tasks/{id}, users.me.retrieve GET /users/me and
// users.me.files.createPresignedURL POST /users/me/files/presigned-url, none of which v1 has. The one whose path is
// also a v1 path that a call below makes is tasks.list (GET /tasks), so the script uses it; every other call goes
// through the SDK's generic get/post/put with the v1 path.
import BrowserUse from 'browser-use-sdk';

const baseURL = process.env.BROWSER_AGENT_API_URL;
const key = process.env.BROWSER_AGENT_API_KEY;

function clientWith(apiKey) {
  // v1 clients authenticate with a bearer token; the SDK also sends its own X-Browser-Use-API-Key header.
  return new BrowserUse({ apiKey, baseURL, maxRetries: 0, defaultHeaders: { Authorization: `Bearer ${apiKey}` } });
}

const client = clientWith(key);
const answers = {};

async function until(id, statuses) {
  const deadline = Date.now() + 90_000;
  let status = await client.get(`/task/${id}/status`);
  while (!statuses.includes(status)) {
    if (Date.now() > deadline) {
      throw new Error(`task ${id} still ${status} after 90 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await client.get(`/task/${id}/status`);
  }
  return status;
}

async function failure(call) {
  try {
    return { unexpected: await call() };
  } catch (error) {
    return { status: error.status, body: error.error };
  }
}

const { id } = await client.post('/run-task', { body: { task: process.env.TASK, metadata: { via: 'npm' } } });
answers.runTaskId = id;
answers.finalStatus = await until(id, ['finished', 'failed', 'stopped']);
answers.task = await client.get(`/task/${id}`);
// The SDK types tasks.list's query with v2's names (pageNumber, pageSize); it sends the query it is given, so the
// v1 names go through.
answers.list = await client.tasks.list({ page: 1, limit: 10 });
answers.me = await client.get('/me');
answers.balance = await client.get('/balance');

const held = (await client.post('/run-task', { body: { task: process.env.HELD_TASK } })).id;
await until(held, ['running']);
answers.pause = await client.put('/pause-task', { query: { task_id: held } });
answers.pausedStatus = await client.get(`/task/${held}/status`);
answers.resume = await client.put(`/resume-task/${held}`);
answers.resumedStatus = await client.get(`/task/${held}/status`);
answers.stop = await client.put('/stop-task', { query: { task_id: held } });
answers.stoppedStatus = await client.get(`/task/${held}/status`);

answers.notFound = await failure(() => client.get('/task/00000000-0000-4000-8000-000000000000'));
answers.unauthorized = await failure(() => clientWith('bu_not_a_key').get('/me'));

// Presigned upload: the URL takes the bytes without the key, and a task may then name the file.
const { upload_url: uploadUrl } = await client.post('/uploads/presigned-url',
  { body: { file_name: 'notes.txt', content_type: 'text/plain' } });
const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'hello from npm' });
answers.upload = { url: uploadUrl, putStatus: put.status };
answers.taskWithUpload = await client.post('/run-task', { body: { task: process.env.TASK, included_file_names: ['notes.txt'] } });
answers.unknownUpload = await failure(() => client.post('/run-task',
  { body: { task: process.env.TASK, included_file_names: ['never-uploaded.txt'] } }));

console.log(JSON.stringify(answers));
