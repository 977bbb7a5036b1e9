-- Drives the qipp language server from Neovim's built-in LSP client (0.7+):
-- opens a plan, waits for its diagnostics, asks for one completion, and
-- writes what it saw as JSON to $QIPP_OUT.
local plan = os.getenv('QIPP_PLAN')
local out = os.getenv('QIPP_OUT')
local line = tonumber(os.getenv('QIPP_LINE'))
local col = tonumber(os.getenv('QIPP_COL'))

vim.cmd('edit ' .. vim.fn.fnameescape(plan))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'qipp',
  cmd = { os.getenv('QIPP_NODE'), os.getenv('QIPP_SERVER'), '--stdio' },
  root_dir = vim.fn.fnamemodify(plan, ':h'),
})
vim.lsp.buf_attach_client(buf, id)

local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 10)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(diagnostics, { line = d.lnum, col = d.col, code = code, severity = d.severity, message = d.message })
end

local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
local results = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 20000) or {}
local labels = {}
for _, r in pairs(results) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
end

local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ got = got, diagnostics = diagnostics, labels = labels }))
f:close()
vim.lsp.stop_client(id)
vim.cmd('qa!')
