-- :GlossSearch runs gloss.search and jumps to the picked hit.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local guide = H.ws .. '/guides/STORAGE_ENGINES.md'
local search = require('gloss.search')
local gloss = require('gloss')

H.test('byte_col converts UTF-16 offsets to byte columns', function()
  H.eq(0, gloss.byte_col('abc', 0))
  H.eq(2, gloss.byte_col('abc', 2))
  H.eq(2, gloss.byte_col('§ab', 1, 'utf-16')) -- § is 2 bytes, 1 UTF-16 unit
  H.eq(4, gloss.byte_col('😀x', 2, 'utf-16')) -- surrogate pair
  H.eq(4, gloss.byte_col('😀x', 1, 'utf-32'))
  H.eq(3, gloss.byte_col('ab§', 3, 'utf-8'))
end)

H.test('format_item shows label, title and snippet', function()
  local s = search.format_item({ label = '§2.5 Q2', title = 'Explain bloom filters', snippet = 'A bit\n array', kind = 'question' })
  H.eq('[§2.5 Q2] Explain bloom filters — A bit array', s)
end)

--- Stub vim.ui.select: pick the first item satisfying `pred`, record items.
local function stub_select(pred)
  local rec = { items = nil, formatted = nil }
  vim.ui.select = function(items, opts, on_choice)
    rec.items = items
    rec.formatted = vim.tbl_map(opts.format_item or tostring, items)
    for _, it in ipairs(items) do
      if pred(it) then
        rec.choice = it
        return on_choice(it)
      end
    end
    return on_choice(nil)
  end
  return rec
end

local function wait_for_search(cmd, rec, heading)
  local deadline = vim.uv.now() + H.timeout
  repeat
    rec.items = nil
    vim.cmd(cmd)
    local ok = vim.wait(2000, function()
      return rec.items ~= nil and H.current_file() == guide and vim.startswith(H.current_line(), heading)
    end, 50)
    if ok then
      return
    end
  until vim.uv.now() > deadline
  H.fail(('%s: expected cursor on %q in the guide; got %s line %q; items: %s'):format(
    cmd, heading, H.current_file(), H.current_line(),
    vim.inspect(rec.formatted or rec.items)))
end

H.test(':GlossSearch <query> jumps to the chosen Q&A heading', function()
  local buf = H.open('notes/lsm-notes.md')
  vim.api.nvim_set_current_buf(buf)
  local rec = stub_select(function(it)
    return (it.title or ''):lower():find('bloom filters in under a minute', 1, true) ~= nil
  end)
  wait_for_search('GlossSearch bloom filters in under a minute', rec, '#### Q2. Explain bloom filters')
  H.truthy(#rec.items > 0, 'no hits')
  H.eq(rec.choice, rec.items[1], 'the exact question should be the best hit')
  H.contains(rec.formatted[1], rec.items[1].title)
  H.contains(rec.formatted[1], rec.items[1].label)
  H.eq('question', rec.choice.kind)
  H.truthy(type(rec.choice.range) == 'table' and rec.choice.range.start, 'hit has a range')
end)

H.test(':GlossSearch without args prompts with vim.ui.input', function()
  local buf = H.open('notes/isolation.md')
  vim.api.nvim_set_current_buf(buf)
  local prompted = false
  vim.ui.input = function(opts, on_confirm)
    prompted = true
    on_confirm('write skew prevent')
  end
  local rec = stub_select(function(it)
    return it.kind == 'question' and (it.title or ''):lower():find('write skew', 1, true) ~= nil
  end)
  wait_for_search('GlossSearch', rec, '#### Q3. What is write skew')
  H.truthy(prompted, 'vim.ui.input was not called')
end)

H.finish()
