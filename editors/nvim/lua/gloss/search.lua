-- :GlossSearch — query the guide through the server's `gloss.search` command.
local M = {}

--- One-line, length-limited version of a snippet.
---@param text? string
---@param max? integer
---@return string
function M.one_line(text, max)
  max = max or 100
  local flat = vim.trim((text or ''):gsub('%s+', ' '))
  if vim.fn.strchars(flat) > max then
    flat = vim.fn.strcharpart(flat, 0, max - 1) .. '…'
  end
  return flat
end

--- How a hit is shown in vim.ui.select: `label  title — snippet`.
---@param hit table
---@return string
--- The well-formed items of a gloss.search / gloss.related result.
function M.hits(result)
  local hits = {}
  for _, hit in ipairs(type(result) == 'table' and result or {}) do
    if type(hit) == 'table' and type(hit.uri) == 'string' then
      hit.title = type(hit.title) == 'string' and hit.title or ''
      table.insert(hits, hit)
    end
  end
  return hits
end

function M.format_item(hit)
  local parts = {}
  if hit.label and hit.label ~= '' and hit.label ~= hit.title then
    table.insert(parts, '[' .. hit.label .. ']')
  end
  table.insert(parts, hit.title ~= '' and hit.title or (hit.label or '?'))
  local s = table.concat(parts, ' ')
  local snippet = M.one_line(hit.snippet)
  if snippet ~= '' then
    s = s .. ' — ' .. snippet
  end
  return s
end

--- Open a hit's file and put the cursor at range.start (UTF-16 → bytes).
---@param hit table
---@param encoding? string offset encoding of the client
function M.jump(hit, encoding)
  local fname = vim.uri_to_fname(hit.uri)
  local pos = (hit.range and hit.range.start) or { line = math.max((hit.line or 1) - 1, 0), character = 0 }
  vim.cmd("normal! m'") -- jumplist entry for <C-o>
  local bufnr = vim.fn.bufnr(fname)
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    vim.api.nvim_win_set_buf(0, bufnr)
  else
    vim.cmd.edit(vim.fn.fnameescape(fname))
    bufnr = vim.api.nvim_get_current_buf()
  end
  local line_count = vim.api.nvim_buf_line_count(bufnr)
  local row = math.min(pos.line, line_count - 1)
  local text = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ''
  local col = require('gloss').byte_col(text, pos.character or 0, encoding)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  vim.cmd('normal! zv')
end

--- Show hits with vim.ui.select and jump to the chosen one.
---@param hits table[]
---@param query string
---@param encoding? string
---@param on_done? fun(hit: table?)
function M.pick(hits, query, encoding, on_done)
  vim.ui.select(hits, {
    prompt = ('Gloss: %d match%s for "%s"'):format(#hits, #hits == 1 and '' or 'es', query),
    kind = 'gloss.search',
    format_item = M.format_item,
  }, function(choice)
    if choice then
      M.jump(choice, encoding)
    end
    if on_done then
      on_done(choice)
    end
  end)
end

---@class gloss.SearchOpts
---@field kind? 'any'|'question'|'section'|'term'
---@field limit? integer
---@field bufnr? integer
---@field on_done? fun(hit: table?)   called after the pick (tests, scripting)

--- Run `gloss.search` for `query` (prompt with vim.ui.input when empty).
---@param query? string
---@param opts? gloss.SearchOpts
function M.search(query, opts)
  opts = opts or {}
  if query == nil or vim.trim(query) == '' then
    vim.ui.input({ prompt = 'Gloss search: ' }, function(input)
      if input and vim.trim(input) ~= '' then
        M.search(input, opts)
      elseif opts.on_done then
        opts.on_done(nil)
      end
    end)
    return
  end
  query = vim.trim(query)
  local gloss = require('gloss')
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = gloss.get_client(bufnr)
  if not client then
    vim.notify('gloss: no gloss language server is running (open a markdown file in a gloss workspace)', vim.log.levels.ERROR)
    if opts.on_done then
      opts.on_done(nil)
    end
    return
  end
  local defaults = gloss.config.search or {}
  local arg = { query = query }
  local kind = opts.kind or defaults.kind
  if kind and kind ~= 'any' then
    arg.kind = kind
  end
  arg.limit = opts.limit or defaults.limit
  local params = { command = 'gloss.search', arguments = { arg } }
  local encoding = client.offset_encoding or 'utf-16'
  gloss.request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      vim.notify('gloss: search failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      if opts.on_done then
        opts.on_done(nil)
      end
      return
    end
    local hits = M.hits(result)
    if #hits == 0 then
      vim.notify(('gloss: no guide matches for "%s"'):format(query), vim.log.levels.INFO)
      if opts.on_done then
        opts.on_done(nil)
      end
      return
    end
    M.pick(hits, query, encoding, opts.on_done)
  end, bufnr)
end

return M
