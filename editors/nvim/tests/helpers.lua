-- Tiny test harness for the gloss headless Neovim tests.
local H = {}

H.passed, H.failed = 0, 0
H.failures = {}
H.timeout = tonumber(vim.env.GLOSS_TEST_TIMEOUT or '') or 10000

local this = debug.getinfo(1, 'S').source:sub(2)
H.tests_dir = vim.fn.fnamemodify(this, ':p:h')
H.repo = vim.env.GLOSS_REPO or vim.fn.fnamemodify(H.tests_dir, ':h:h:h')

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

-- Result lines start on a fresh line even if Neovim echoed a message without
-- a trailing newline (e.g. "Client gloss quit ..." or "Running healthchecks...").
local function result(s)
  io.stdout:write('\n' .. s .. '\n')
  io.stdout:flush()
end
H.log = out

--- Run one named test case; errors count as failures.
function H.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    H.passed = H.passed + 1
    result('ok - ' .. name)
  else
    H.failed = H.failed + 1
    table.insert(H.failures, name)
    result('not ok - ' .. name)
    for line in tostring(err):gmatch('[^\n]+') do
      out('    ' .. line)
    end
  end
  -- close floats and stray windows between tests
  for _, w in ipairs(H.floats()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
end

function H.fail(msg, level)
  error(msg, (level or 1) + 1)
end

function H.eq(expected, actual, msg)
  if not vim.deep_equal(expected, actual) then
    H.fail(('%sexpected %s, got %s'):format(msg and (msg .. ': ') or '', vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

function H.truthy(v, msg)
  if not v then
    H.fail(msg or 'expected a truthy value', 2)
  end
  return v
end

function H.contains(haystack, needle, msg)
  if type(haystack) ~= 'string' or not haystack:lower():find(needle:lower(), 1, true) then
    H.fail(('%sexpected %s to contain %q'):format(msg and (msg .. ': ') or '', vim.inspect(haystack), needle), 2)
  end
end

--- vim.wait for `cond` (default H.timeout ms); error with `msg` on timeout.
function H.wait(cond, msg, timeout)
  local ok = vim.wait(timeout or H.timeout, function()
    local s, r = pcall(cond)
    return s and r
  end, 50)
  if not ok then
    H.fail('timed out: ' .. (msg or 'condition'), 2)
  end
end

--- Copy examples/workspace to a fresh temp dir and cd into it.
function H.copy_workspace()
  local src = H.repo .. '/examples/workspace'
  if vim.fn.isdirectory(src) ~= 1 then
    error('example workspace missing: ' .. src)
  end
  local dst = vim.fn.tempname() .. '-gloss-ws'
  vim.fn.mkdir(dst, 'p')
  vim.fn.system({ 'cp', '-R', src .. '/.', dst })
  if vim.v.shell_error ~= 0 then
    error('copying the example workspace failed')
  end
  dst = vim.uv.fs_realpath(dst)
  vim.cmd.cd(vim.fn.fnameescape(dst))
  H.ws = dst
  return dst
end

function H.path(rel)
  return H.ws .. '/' .. rel
end

--- The gloss client attached to `bufnr`, if any.
function H.client(bufnr)
  return vim.lsp.get_clients({ name = 'gloss', bufnr = bufnr })[1]
end

--- Edit a workspace file and wait for the gloss client to attach & initialize.
function H.open(rel)
  vim.cmd.edit(vim.fn.fnameescape(H.path(rel)))
  local buf = vim.api.nvim_get_current_buf()
  H.wait(function()
    local c = H.client(buf)
    return c and c.initialized
  end, 'gloss client attached to ' .. rel)
  return buf
end

--- 0-based row and byte column of the `nth` occurrence of the plain `needle`.
function H.find(buf, needle, nth)
  nth = nth or 1
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local seen = 0
  for i, line in ipairs(lines) do
    local init = 1
    while true do
      local s = line:find(needle, init, true)
      if not s then
        break
      end
      seen = seen + 1
      if seen == nth then
        return i - 1, s - 1
      end
      init = s + 1
    end
  end
  error(('%q not found in %s'):format(needle, vim.api.nvim_buf_get_name(buf)))
end

--- Put the cursor `offset` bytes into the first occurrence of `needle`.
function H.cursor_on(buf, needle, offset, nth)
  local row, col = H.find(buf, needle, nth)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + (offset or 0) })
  return row, col
end

function H.position_params(buf)
  local c = H.truthy(H.client(buf), 'no gloss client')
  return vim.lsp.util.make_position_params(0, c.offset_encoding or 'utf-16')
end

--- Flatten hover `contents` (MarkupContent | MarkedString | MarkedString[]).
function H.hover_text(result)
  if not result or not result.contents then
    return ''
  end
  local c = result.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, item in ipairs(c) do
    table.insert(parts, type(item) == 'string' and item or (item.value or ''))
  end
  return table.concat(parts, '\n')
end

--- Synchronous hover at the cursor; returns the text ('' when none).
function H.hover_sync(buf)
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', H.position_params(buf), 3000) or {}
  local texts = {}
  for _, r in pairs(res) do
    if r.result then
      table.insert(texts, H.hover_text(r.result))
    end
  end
  return table.concat(texts, '\n')
end

function H.floats()
  local wins = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_is_valid(w) and vim.api.nvim_win_get_config(w).relative ~= '' then
      table.insert(wins, w)
    end
  end
  return wins
end

function H.float_text()
  local texts = {}
  for _, w in ipairs(H.floats()) do
    local b = vim.api.nvim_win_get_buf(w)
    table.insert(texts, table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n'))
  end
  return table.concat(texts, '\n')
end

function H.current_line()
  return vim.api.nvim_get_current_line()
end

function H.current_file()
  return vim.api.nvim_buf_get_name(0)
end

--- Print the summary, stop the servers and exit (non-zero on any failure).
function H.finish()
  local label = vim.fn.fnamemodify(debug.getinfo(2, 'S').source:sub(2), ':t:r')
  result(('%s: %d passed, %d failed'):format(label, H.passed, H.failed))
  for _, c in ipairs(vim.lsp.get_clients()) do
    pcall(vim.lsp.stop_client, c.id, true)
  end
  vim.wait(200)
  if H.ws and vim.env.GLOSS_KEEP_WS ~= '1' then
    vim.fn.delete(H.ws, 'rf')
  end
  os.exit((H.failed == 0 and H.passed > 0) and 0 or 1)
end

return H
