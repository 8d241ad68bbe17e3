-- :GlossReview runs one review session against the real server: front,
-- <Space> for the back, a grade, the next card; the grade lands in the log.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local function press(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'x', false)
end

H.test(':GlossReview shows a card, reveals it and records a grade', function()
  H.open('guides/STORAGE_ENGINES.md')
  local review = require('gloss.review')
  vim.cmd('GlossReview')
  local s = H.truthy(review.session, 'a review session')
  H.wait(function()
    return s.card ~= nil
  end, 'first card')
  local first = s.card
  H.eq('question', first.kind)
  local text = H.float_text()
  H.contains(text, first.front)
  H.contains(text, '<Space> show answer')
  if text:find(first.back:sub(1, 30), 1, true) then
    H.fail('the back shows before <Space>')
  end
  vim.api.nvim_set_current_win(s.win)
  press(' ')
  text = H.float_text()
  H.contains(text, first.back:sub(1, 30))
  H.contains(text, '1 again')
  press('3')
  H.wait(function()
    return s.card ~= nil and s.card.card ~= first.card
  end, 'next card after grading')
  H.eq(1, s.reviewed)
  local log = vim.fn.readfile(H.path('.gloss/reviews.jsonl'))
  H.eq(1, #log)
  local line = vim.json.decode(log[1])
  H.eq(first.card, line.card)
  H.eq('good', line.grade)
  press('q')
  H.wait(function()
    return review.session == nil
  end, 'session closed')
  H.eq(0, #H.floats())
end)

H.test(':checkhealth gloss shows the due count', function()
  vim.cmd('checkhealth gloss')
  H.log('')
  local text
  H.wait(function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.bo[b].filetype == 'checkhealth' then
        text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
        if text:find('review:', 1, true) then
          return true
        end
      end
    end
  end, 'checkhealth review line')
  H.contains(text, 'review: 0 due now')
end)

H.finish()
