-- Headless Neovim as a real, non-VS Code LSP client of awsdp-language-server.
-- Opens every file named in $AWSDP_FILES (one per line), waits for DP201 diagnostics in each,
-- applies the quick fix in each fixable file and waits for DP201 to go away.
-- Prints "PASS <file>" / "FAIL <file>: why" lines, then "N passed, N failed"; exits 1 on failure.
local function out(s) io.stdout:write(s .. '\n') end
local files = vim.split(os.getenv('AWSDP_FILES') or '', '\n', { trimempty = true })
local fixable = {}
for _, f in ipairs(vim.split(os.getenv('AWSDP_FIXABLE') or '', '\n', { trimempty = true })) do fixable[f] = true end
local server = vim.split(os.getenv('AWSDP_SERVER_CMD'), ' ', { trimempty = true })

local client_id = vim.lsp.start_client({ name = 'awsdp', cmd = server, root_dir = vim.fn.getcwd() })
if not client_id then out('FAIL: the server did not start'); out('0 passed, 1 failed'); vim.cmd('cquit 1') end

local passed, failed = 0, 0
local function dp201(bufnr)
  local n = 0
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'DP201' then n = n + 1 end
  end
  return n
end

for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local ok, why = true, nil
  if not vim.wait(15000, function() return dp201(bufnr) > 0 end, 20) then
    ok, why = false, 'no DP201 diagnostic within 15 s'
  elseif fixable[file] then
    local d = nil
    for _, x in ipairs(vim.diagnostic.get(bufnr)) do
      local code = x.code or (x.user_data and x.user_data.lsp and x.user_data.lsp.code)
      if code == 'DP201' then d = x end
    end
    local lsp_diag = {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      severity = d.severity, message = d.message, source = d.source, code = 'DP201',
    }
    local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = lsp_diag.range,
      context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
    }, 10000)
    local action = nil
    for _, r in pairs(res or {}) do for _, a in ipairs(r.result or {}) do action = action or a end end
    if not action or not action.edit then
      ok, why = false, 'no quick fix'
    else
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      if not vim.wait(15000, function() return dp201(bufnr) == 0 end, 20) then
        ok, why = false, 'DP201 still reported after the quick fix'
      end
    end
  end
  if ok then passed = passed + 1; out('PASS ' .. file) else failed = failed + 1; out('FAIL ' .. file .. ': ' .. why) end
end

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
out(string.format('%d passed, %d failed', passed, failed))
vim.cmd(failed == 0 and 'qa!' or 'cquit 1')
