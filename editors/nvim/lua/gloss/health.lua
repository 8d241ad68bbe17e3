-- :checkhealth gloss
local M = {}

local health = vim.health

local function run(cmd, cwd)
  local ok, obj = pcall(function()
    return vim.system(cmd, { cwd = cwd, text = true }):wait(10000)
  end)
  if not ok then
    return { code = -1, stdout = '', stderr = tostring(obj) }
  end
  return obj
end

local function first_line(s)
  return vim.trim(((s or ''):match('[^\n]*')) or '')
end

function M.check()
  health.start('gloss')

  local v = vim.version()
  local vstr = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim ' .. vstr .. (vim.fn.has('nvim-0.11') == 1 and ' (vim.lsp.config/enable)' or ' (vim.lsp.start)'))
  else
    health.error('Neovim ' .. vstr .. ' is too old: gloss.nvim needs 0.10 or newer')
    return
  end

  local gloss = require('gloss')
  if gloss.did_setup then
    health.ok('require("gloss").setup() was called')
  else
    health.warn('require("gloss").setup() has not been called', { 'Add require("gloss").setup({}) to your config.' })
  end

  local cmd = gloss.resolve_cmd()
  local exe = cmd[1]
  local path = vim.fn.exepath(exe)
  if path == '' then
    health.error(('gloss binary not found: %q'):format(exe), {
      'Install it: cargo install --path server (from the gloss repository)',
      'or point setup({ cmd = { "/path/to/gloss", "lsp" } }) at it',
    })
    return
  end
  health.ok('binary found: ' .. path)

  local ver = run({ path, '--version' })
  local out = first_line(ver.stdout)
  if ver.code == 0 and out:match('^gloss') then
    health.ok('`gloss --version`: ' .. out)
  else
    health.error(('`%s --version` failed (exit %s): %s'):format(path, tostring(ver.code), first_line(ver.stderr) ~= '' and first_line(ver.stderr) or out))
  end

  local root = gloss.root_dir(0)
  health.info('workspace root: ' .. root)
  if vim.uv.fs_stat(vim.fs.joinpath(root, 'gloss.toml')) then
    health.ok('gloss.toml found in ' .. root)
  else
    health.info('no gloss.toml in ' .. root .. ' (guides are auto-detected)')
  end

  local res = run({ path, 'guides', '--json' }, root)
  if res.code ~= 0 then
    health.error(('`gloss guides --json` failed in %s (exit %s): %s'):format(root, tostring(res.code), first_line(res.stderr)))
  else
    local ok, guides = pcall(vim.json.decode, res.stdout or '')
    if not ok or type(guides) ~= 'table' then
      health.error('`gloss guides --json` printed something that is not a JSON array: ' .. first_line(res.stdout))
    elseif #guides == 0 then
      health.warn('no guides found in ' .. root, { 'Set `guides = ["path/to/GUIDE.md"]` in gloss.toml or setup({ guides = {...} })' })
    else
      for _, g in ipairs(guides) do
        health.ok(('guide: %s (%s parts, %s questions, %s terms, %s anchors)'):format(
          tostring(g.path), tostring(g.parts or '?'), tostring(g.questions or '?'), tostring(g.terms or '?'), tostring(g.anchors or '?')))
      end
    end
  end

  local due, rerr, st = require('gloss.review').due_count(path, root)
  if due then
    health.ok(('review: %d due now, %s new left today, %s reviews today'):format(due, tostring(st.new_today or 0), tostring(st.reviews_today or 0)))
  else
    health.warn('`gloss review stats` failed: ' .. tostring(rerr))
  end

  local clients = gloss.clients()
  if #clients == 0 then
    health.info('no gloss client running (open a markdown file)')
  else
    for _, c in ipairs(clients) do
      health.ok(('client %d running, root %s'):format(c.id, tostring(c.config.root_dir or (c.workspace_folders and c.workspace_folders[1] and c.workspace_folders[1].name))))
    end
  end

  M.check_search(clients[1], path, root)
end

--- Whether search is by meaning or lexical: asked of the running server
--- (`gloss.status`), else of the CLI (`gloss model status`).
function M.check_search(client, path, root)
  local status
  if client then
    local params = { command = 'gloss.status', arguments = {} }
    local ok, resp
    if vim.fn.has('nvim-0.11') == 1 then
      ok, resp = pcall(function()
        return client:request_sync('workspace/executeCommand', params, 3000, 0)
      end)
    else
      ok, resp = pcall(client.request_sync, 'workspace/executeCommand', params, 3000, 0)
    end
    if ok and type(resp) == 'table' and type(resp.result) == 'table' then
      status = resp.result
    end
  end
  if status then
    local msg = tostring(status.message or status.search)
    if status.search == 'meaning' then
      health.ok('search: by meaning — ' .. msg)
    elseif status.search == 'lexical' then
      health.warn('search: lexical — ' .. msg, status.hint and { status.hint } or nil)
    else
      health.info('search: ' .. tostring(status.search) .. ' — ' .. msg)
    end
    return
  end
  local res = run({ path, 'model', 'status' }, root)
  local out = vim.trim((res.stdout or '') .. '\n' .. (res.stderr or ''))
  if res.code == 0 then
    health.ok('search: by meaning — ' .. first_line(out))
  else
    health.warn('search: lexical — ' .. first_line(out), { 'Run `gloss model fetch` to install the embedding model (search by meaning, related Q&As).' })
  end
end

return M
