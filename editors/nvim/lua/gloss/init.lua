-- gloss.nvim: Neovim client for the gloss language server (`gloss lsp`).
-- Minimum Neovim: 0.10. On 0.11+ the server is registered with
-- vim.lsp.config()/vim.lsp.enable(); on 0.10 a FileType autocmd calls
-- vim.lsp.start().
local M = {}

---@class gloss.Options
---@field cmd? string[]|string   command to start the server (default {'gloss', 'lsp'}); a string is the binary path
---@field guides? string[]        guide globs, sent as initializationOptions (same as `guides` in gloss.toml)
---@field drafts? string[]        draft globs, sent as initializationOptions (same as `drafts` in gloss.toml)
---@field model? string           embedding model folder (same as `model` in gloss.toml)
---@field filetypes? string[]     filetypes to attach to (default {'markdown'})
---@field root_markers? string[]  files that mark the workspace root (default {'gloss.toml', '.git'})
---@field on_attach? fun(client: table, bufnr: integer)
---@field capabilities? table
---@field search? { kind?: string, limit?: integer }  defaults for :GlossSearch
---@field legacy_start? boolean  use the 0.10 FileType + vim.lsp.start() path even on 0.11+

M.defaults = {
  cmd = nil,
  guides = nil,
  drafts = nil,
  filetypes = { 'markdown' },
  root_markers = { 'gloss.toml', '.git' },
  on_attach = nil,
  capabilities = nil,
  search = { limit = 50 },
  legacy_start = false,
}

---@type gloss.Options
M.config = vim.deepcopy(M.defaults)
M.did_setup = false

local augroup = 'gloss.lsp'

--- The command used to start the server, as a list.
---@param opts? gloss.Options
---@return string[]
function M.resolve_cmd(opts)
  opts = opts or M.config
  local cmd = opts.cmd
  if type(cmd) == 'string' then
    return { cmd, 'lsp' }
  elseif type(cmd) == 'table' and #cmd > 0 then
    return vim.deepcopy(cmd)
  end
  local bin = vim.g.gloss_bin or vim.env.GLOSS_BIN
  if bin == nil or bin == '' then
    bin = 'gloss'
  end
  return { bin, 'lsp' }
end

--- initializationOptions / settings.gloss built from the options. Unset or
--- empty lists are left out so that gloss.toml stays in charge.
---@param opts? gloss.Options
---@return table
function M.server_options(opts)
  opts = opts or M.config
  local out = {}
  if type(opts.model) == 'string' and vim.trim(opts.model) ~= '' then
    out.model = vim.trim(opts.model)
  end
  for _, key in ipairs({ 'guides', 'drafts' }) do
    local v = opts[key]
    if type(v) == 'string' then
      v = { v }
    end
    if type(v) == 'table' and #v > 0 then
      out[key] = vim.deepcopy(v)
    end
  end
  return out
end

--- Workspace root for a buffer: nearest dir with a root marker, else the
--- file's directory (or cwd for unnamed buffers).
---@param bufnr? integer
---@return string
function M.root_dir(bufnr)
  bufnr = bufnr or 0
  local markers = M.config.root_markers or M.defaults.root_markers
  local name = vim.api.nvim_buf_get_name(bufnr)
  local is_file = name ~= '' and vim.bo[bufnr].buftype == '' and not name:match('^%a[%w+.-]*://')
  if is_file then
    local root = vim.fs.root(name, markers)
    if root then
      return root
    end
    return vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(name, ':p')))
  end
  -- not a file buffer (e.g. :checkhealth): use a running client's root, else cwd
  for _, client in ipairs(M.clients()) do
    if client.config and client.config.root_dir then
      return client.config.root_dir
    end
  end
  local cwd = vim.fn.getcwd()
  return vim.fs.root(cwd, markers) or cwd
end

--- The LSP client configuration (shared by the 0.10 and 0.11 code paths).
---@return table
function M.lsp_config()
  local server_opts = M.server_options()
  local cfg = {
    name = 'gloss',
    cmd = M.resolve_cmd(),
    filetypes = M.config.filetypes,
    root_markers = M.config.root_markers,
    init_options = server_opts,
    settings = { gloss = server_opts },
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities,
  }
  return cfg
end

local function has_native_config()
  if M.config.legacy_start then
    return false
  end
  return vim.fn.has('nvim-0.11') == 1 and type(vim.lsp.config) ~= 'nil' and type(vim.lsp.enable) == 'function'
end

local function start_legacy(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local cfg = M.lsp_config()
  cfg.root_markers = nil
  cfg.filetypes = nil
  cfg.root_dir = M.root_dir(bufnr)
  cfg.workspace_folders = { { uri = vim.uri_from_fname(cfg.root_dir), name = cfg.root_dir } }
  vim.lsp.start(cfg, { bufnr = bufnr })
end

--- Configure and enable the gloss server.
---@param opts? gloss.Options
function M.setup(opts)
  if vim.fn.has('nvim-0.10') ~= 1 then
    vim.notify('gloss.nvim needs Neovim 0.10 or newer', vim.log.levels.ERROR)
    return
  end
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  -- lists replace rather than merge
  for _, key in ipairs({ 'cmd', 'guides', 'drafts', 'filetypes', 'root_markers' }) do
    if opts and opts[key] ~= nil then
      M.config[key] = opts[key]
    end
  end
  M.did_setup = true
  require('gloss.answers').register()
  require('gloss.related').register()

  if has_native_config() then
    vim.lsp.config('gloss', M.lsp_config())
    vim.lsp.enable('gloss')
    return
  end

  local group = vim.api.nvim_create_augroup(augroup, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      start_legacy(args.buf)
    end,
  })
  -- attach to buffers that are already open
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      start_legacy(buf)
    end
  end
end

--- All gloss clients, or the ones attached to `bufnr`.
---@param bufnr? integer
---@return table[]
function M.clients(bufnr)
  local get = vim.lsp.get_clients
  local filter = { name = 'gloss' }
  if bufnr then
    filter.bufnr = bufnr == 0 and vim.api.nvim_get_current_buf() or bufnr
  end
  return get(filter)
end

--- The gloss client for a buffer, falling back to any running gloss client.
---@param bufnr? integer
---@return table?
function M.get_client(bufnr)
  return M.clients(bufnr or 0)[1] or M.clients()[1]
end

--- Send a request with either calling convention (0.11 `client:request`,
--- 0.10 `client.request`).
---@return boolean ok, integer? request_id
function M.request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- Convert an LSP `character` (in the client's offset encoding) on `line`
--- text to a 0-based byte column.
---@param text string
---@param character integer
---@param encoding? string 'utf-8'|'utf-16'|'utf-32' (default 'utf-16')
---@return integer
function M.byte_col(text, character, encoding)
  encoding = encoding or 'utf-16'
  if character <= 0 then
    return 0
  end
  if vim.fn.has('nvim-0.11') == 1 then
    return vim.str_byteindex(text, encoding, character, false)
  end
  if encoding == 'utf-8' then
    return math.min(character, #text)
  end
  local ok, col = pcall(vim.str_byteindex, text, character, encoding == 'utf-16')
  if ok then
    return col
  end
  return #text
end

return M
