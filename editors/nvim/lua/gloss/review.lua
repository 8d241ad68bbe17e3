-- :GlossReview — spaced repetition of the guide in a floating window,
-- through the server's gloss.review.next / gloss.review.grade commands.
-- The front shows first; <Space> reveals the back; 1–4 grade
-- (again, hard, good, easy) and load the next card; q closes.
local M = {}

local GRADES = { 'again', 'hard', 'good', 'easy' }

--- The lines of the float for a card (`revealed` shows the back too).
---@param card table gloss.review.next result
---@param revealed boolean
---@return string[]
function M.lines(card, revealed)
  local src = card.source or {}
  local lines = {
    ('%s · %s · %s'):format(src.label or '', card.kind or '', card.state or ''),
    '',
  }
  vim.list_extend(lines, vim.split(card.front or '', '\n', { plain = true }))
  lines[#lines + 1] = ''
  if revealed then
    lines[#lines + 1] = string.rep('─', 40)
    vim.list_extend(lines, vim.split(card.back or '', '\n', { plain = true }))
    lines[#lines + 1] = ''
    lines[#lines + 1] = '1 again   2 hard   3 good   4 easy   q quit'
  else
    lines[#lines + 1] = '<Space> show answer   q quit'
  end
  return lines
end

local function notify(msg, level)
  vim.notify('gloss: ' .. msg, level or vim.log.levels.INFO)
end

--- The review session state (one at a time); exposed for tests.
M.session = nil

local function render(s)
  if not (s.buf and vim.api.nvim_buf_is_valid(s.buf)) then
    return
  end
  local lines = s.card and M.lines(s.card, s.revealed) or { 'Nothing due.', '', s.summary or '', '', 'q close' }
  vim.bo[s.buf].modifiable = true
  vim.api.nvim_buf_set_lines(s.buf, 0, -1, false, lines)
  vim.bo[s.buf].modifiable = false
  if s.win and vim.api.nvim_win_is_valid(s.win) then
    local height = math.min(#lines + 1, math.floor(vim.o.lines * 0.8))
    vim.api.nvim_win_set_config(s.win, { height = math.max(height, 5) })
  end
end

function M.close()
  local s = M.session
  M.session = nil
  if s and s.win and vim.api.nvim_win_is_valid(s.win) then
    vim.api.nvim_win_close(s.win, true)
  end
  if s and s.on_done then
    s.on_done(s)
  end
end

local function load_next(s)
  local gloss = require('gloss')
  gloss.request(s.client, 'workspace/executeCommand', { command = 'gloss.review.next', arguments = { s.filter } }, function(err, card)
    if M.session ~= s then
      return
    end
    if err then
      notify('review failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return M.close()
    end
    s.card = type(card) == 'table' and card or nil
    s.revealed = false
    if not s.card then
      gloss.request(s.client, 'workspace/executeCommand', { command = 'gloss.review.stats', arguments = {} }, function(_, st)
        if M.session ~= s then
          return
        end
        st = type(st) == 'table' and st or {}
        s.summary = ('%d reviewed this session · %s due · %s new left today'):format(
          s.reviewed, tostring(st.due or 0), tostring(st.new_today or 0))
        render(s)
      end, s.bufnr)
    end
    render(s)
  end, s.bufnr)
end

--- Grade the shown card (1–4) and load the next one.
---@param n integer
function M.grade(n)
  local s = M.session
  if not (s and s.card and s.revealed and GRADES[n]) then
    return
  end
  local card = s.card
  s.card = nil
  require('gloss').request(s.client, 'workspace/executeCommand', {
    command = 'gloss.review.grade',
    arguments = { { card = card.card, grade = GRADES[n] } },
  }, function(err)
    if M.session ~= s then
      return
    end
    if err then
      notify('grade failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      s.card = card
      return render(s)
    end
    s.reviewed = s.reviewed + 1
    load_next(s)
  end, s.bufnr)
end

function M.reveal()
  local s = M.session
  if s and s.card and not s.revealed then
    s.revealed = true
    render(s)
  end
end

---@class gloss.ReviewOpts
---@field kind? string   question|flash|scenario|term
---@field part? string
---@field on_done? fun(session: table)

--- Open the review float.
---@param opts? gloss.ReviewOpts
function M.open(opts)
  opts = opts or {}
  if M.session then
    M.close()
  end
  local gloss = require('gloss')
  local bufnr = vim.api.nvim_get_current_buf()
  local client = gloss.get_client(bufnr) or gloss.clients()[1]
  if not client then
    notify('no gloss language server is running (open a markdown file in a gloss workspace)', vim.log.levels.ERROR)
    return
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].filetype = 'markdown'
  local width = math.min(90, math.floor(vim.o.columns * 0.8))
  local win = vim.api.nvim_open_win(buf, true, {
    relative = 'editor',
    width = width,
    height = 8,
    row = math.floor(vim.o.lines * 0.1),
    col = math.floor((vim.o.columns - width) / 2),
    style = 'minimal',
    border = 'rounded',
    title = ' Gloss review ',
    title_pos = 'center',
  })
  vim.wo[win].wrap = true
  vim.wo[win].linebreak = true
  local s = {
    buf = buf,
    win = win,
    client = client,
    bufnr = bufnr,
    filter = { kind = opts.kind, part = opts.part },
    reviewed = 0,
    on_done = opts.on_done,
  }
  M.session = s
  local function map(lhs, fn)
    vim.keymap.set('n', lhs, fn, { buffer = buf, nowait = true, silent = true })
  end
  map('<Space>', M.reveal)
  map('<CR>', M.reveal)
  for n = 1, 4 do
    map(tostring(n), function()
      M.grade(n)
    end)
  end
  map('q', M.close)
  map('<Esc>', M.close)
  vim.api.nvim_create_autocmd('WinClosed', {
    pattern = tostring(win),
    once = true,
    callback = function()
      if M.session == s then
        M.session = nil
        if s.on_done then
          s.on_done(s)
        end
      end
    end,
  })
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { 'Loading…' })
  vim.bo[buf].modifiable = false
  load_next(s)
end

--- The number of cards due now, or nil and an error (for :checkhealth).
---@param bin string
---@param root string
---@return integer|nil, string|nil
function M.due_count(bin, root)
  local ok, obj = pcall(function()
    return vim.system({ bin, 'review', 'stats', '--json' }, { cwd = root, text = true }):wait(10000)
  end)
  if not ok or obj.code ~= 0 then
    return nil, ok and vim.trim(obj.stderr or '') or tostring(obj)
  end
  local okj, st = pcall(vim.json.decode, obj.stdout or '')
  if not okj or type(st) ~= 'table' then
    return nil, 'unexpected output'
  end
  return st.due or 0, nil, st
end

return M
