# scr-course: _blocks.html.j2 compiled by jinja2 3.1.6; source sha256 eb8328b0131d3cc4202020b487e4f8ad07189d7813e0fc1dae208df41f49cf82; settings sha256 97dbcf755fba0f822a8045873fd1505955afed62490d9bec462280e1b929f1a2
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_blocks.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module_intro = l_0_content = l_0_block = l_0_details = l_0_callout = l_0_inline = l_0_reflection = l_0_reflection_tools = l_0_question = l_0_quiz_end = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_4 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    try:
        t_5 = environment.filters['sort']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'sort' found.")
    try:
        t_6 = environment.filters['striptags']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'striptags' found.")
    try:
        t_7 = environment.tests['instance_of']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No test named 'instance_of' found.")
    pass
    def macro(l_1_module):
        t_8 = []
        l_1_t = resolve('t')
        if l_1_module is missing:
            l_1_module = undefined("parameter 'module' was not provided", name='module')
        pass
        t_8.append(
            '<div class="module-intro">\n',
        )
        if environment.getattr(l_1_module, 'duration'):
            pass
            t_8.extend((
                '<p class="module-duration">',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.duration', minutes=environment.getattr(l_1_module, 'duration'))),
                '</p>',
            ))
        if environment.getattr(l_1_module, 'objectives'):
            pass
            t_8.extend((
                '  <h2>',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.objectives')),
                '</h2>\n  <ul class="objectives">\n',
            ))
            for l_2_objective in environment.getattr(l_1_module, 'objectives'):
                _loop_vars = {}
                pass
                t_8.extend((
                    '<li>',
                    escape(l_2_objective),
                    '</li>',
                ))
            l_2_objective = missing
            t_8.append(
                '  </ul>\n',
            )
        if environment.getattr(environment.getattr(l_1_module, 'quiz'), 'scored'):
            pass
            t_8.extend((
                '  <p class="quiz-rules">',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.pass_mark', mark=environment.getattr(environment.getattr(l_1_module, 'quiz'), 'pass_mark'))),
            ))
            if environment.getattr(environment.getattr(l_1_module, 'quiz'), 'draw'):
                pass
                t_8.extend((
                    ' ',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.draw', n=environment.getattr(environment.getattr(l_1_module, 'quiz'), 'draw'), pool=t_1(environment.getattr(l_1_module, 'questions')))),
                ))
            t_8.append(
                '     ',
            )
            if (environment.getattr(environment.getattr(l_1_module, 'quiz'), 'attempts') == 1):
                pass
                t_8.append(
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.attempts_one')),
                )
            elif environment.getattr(environment.getattr(l_1_module, 'quiz'), 'attempts'):
                pass
                t_8.append(
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.attempts', n=environment.getattr(environment.getattr(l_1_module, 'quiz'), 'attempts'))),
                )
            else:
                pass
                t_8.append(
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'module.attempts_unlimited')),
                )
            t_8.append(
                '</p>\n',
            )
        t_8.append(
            '</div>\n',
        )
        return concat(t_8)
    context.exported_vars.add('module_intro')
    context.vars['module_intro'] = l_0_module_intro = Macro(environment, macro, 'module_intro', ('module',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    l_0_content = context.vars['content'] = environment.get_template('_content.html.j2', '_blocks.html.j2').make_module(context.get_all(), True, {'block': l_0_block, 'callout': l_0_callout, 'content': l_0_content, 'details': l_0_details, 'inline': l_0_inline, 'module_intro': l_0_module_intro, 'question': l_0_question, 'quiz_end': l_0_quiz_end, 'reflection': l_0_reflection, 'reflection_tools': l_0_reflection_tools})
    context.exported_vars.discard('content')
    def macro(l_1_b, l_1_scored):
        t_9 = []
        if l_1_b is missing:
            l_1_b = undefined("parameter 'b' was not provided", name='b')
        if l_1_scored is missing:
            l_1_scored = False
        pass
        if t_7(l_1_b, 'Prose'):
            pass
            t_9.extend((
                escape(environment.getattr(l_1_b, 'html')),
                '\n',
            ))
        elif t_7(l_1_b, 'Callout'):
            pass
            t_9.extend((
                escape(context.call((undefined(name='callout') if l_0_callout is missing else l_0_callout), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Figure'):
            pass
            t_9.extend((
                escape(context.call(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'figure'), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Chart'):
            pass
            t_9.extend((
                escape(context.call(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'chart'), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Sequence'):
            pass
            t_9.extend((
                escape(context.call(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'sequence'), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Media'):
            pass
            t_9.extend((
                escape(context.call(environment.getattr((undefined(name='content') if l_0_content is missing else l_0_content), 'media'), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Details'):
            pass
            t_9.extend((
                escape(context.call((undefined(name='details') if l_0_details is missing else l_0_details), l_1_b)),
                '\n',
            ))
        elif t_7(l_1_b, 'Reflection'):
            pass
            t_9.extend((
                escape(context.call((undefined(name='reflection') if l_0_reflection is missing else l_0_reflection), l_1_b)),
                '\n',
            ))
        else:
            pass
            t_9.extend((
                escape(context.call((undefined(name='question') if l_0_question is missing else l_0_question), l_1_b, l_1_scored)),
                '\n',
            ))
        return concat(t_9)
    context.exported_vars.add('block')
    context.vars['block'] = l_0_block = Macro(environment, macro, 'block', ('b', 'scored'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_d):
        t_10 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        t_10.extend((
            '<details class="disclosure block-details">\n  <summary>',
            escape(environment.getattr(l_1_d, 'title')),
            '</summary>\n  <div class="disclosure-body">\n',
        ))
        for l_2_inner in environment.getattr(l_1_d, 'blocks'):
            _loop_vars = {}
            pass
            t_10.append(
                escape(context.call((undefined(name='block') if l_0_block is missing else l_0_block), l_2_inner, _loop_vars=_loop_vars)),
            )
        l_2_inner = missing
        t_10.append(
            '  </div>\n</details>\n',
        )
        return concat(t_10)
    context.exported_vars.add('details')
    context.vars['details'] = l_0_details = Macro(environment, macro, 'details', ('d',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_c):
        t_11 = []
        l_1_t = resolve('t')
        l_1_label = missing
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        l_1_label = (environment.getattr(l_1_c, 'label') or context.call((undefined(name='t') if l_1_t is missing else l_1_t), markup_join(('callout.', environment.getattr(environment.getattr(l_1_c, 'kind'), 'value'), ))))
        t_11.extend((
            '<div class="callout callout-',
            escape(environment.getattr(environment.getattr(l_1_c, 'kind'), 'value')),
            '" role="note">\n  <p class="callout-label">',
            escape((undefined(name='label') if l_1_label is missing else l_1_label)),
        ))
        if (environment.getattr(l_1_c, 'title') and (environment.getattr(l_1_c, 'title') != (undefined(name='label') if l_1_label is missing else l_1_label))):
            pass
            t_11.extend((
                ': <span class="callout-title">',
                escape(environment.getattr(l_1_c, 'title')),
                '</span>',
            ))
        t_11.extend((
            '</p>\n  ',
            escape(environment.getattr(l_1_c, 'body')),
            '\n</div>\n',
        ))
        return concat(t_11)
    context.exported_vars.add('callout')
    context.vars['callout'] = l_0_callout = Macro(environment, macro, 'callout', ('c',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_html):
        t_12 = []
        if l_1_html is missing:
            l_1_html = undefined("parameter 'html' was not provided", name='html')
        pass
        t_12.append(
            escape(t_3(context.eval_ctx, t_3(context.eval_ctx, l_1_html, Markup('<p>'), Markup('<span class="para">')), Markup('</p>'), Markup('</span>'))),
        )
        return concat(t_12)
    context.exported_vars.add('inline')
    context.vars['inline'] = l_0_inline = Macro(environment, macro, 'inline', ('html',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_r):
        t_13 = []
        l_1_t = resolve('t')
        if l_1_r is missing:
            l_1_r = undefined("parameter 'r' was not provided", name='r')
        pass
        t_13.extend((
            '<div class="reflection" data-reflection="',
            escape(environment.getattr(l_1_r, 'id')),
            '">\n  <p class="reflection-label">',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'reflection.label')),
            '</p>\n  <div class="reflection-prompt" id="reflection-',
            escape(environment.getattr(l_1_r, 'id')),
            '--prompt">',
            escape(environment.getattr(l_1_r, 'prompt')),
            '</div>\n  <textarea id="reflection-',
            escape(environment.getattr(l_1_r, 'id')),
            '" rows="6" data-reflection-input="',
            escape(environment.getattr(l_1_r, 'id')),
            '"\n            aria-labelledby="reflection-',
            escape(environment.getattr(l_1_r, 'id')),
            '--prompt" aria-describedby="reflection-',
            escape(environment.getattr(l_1_r, 'id')),
            '--note"></textarea>\n  <p class="reflection-note needs-js"><span id="reflection-',
            escape(environment.getattr(l_1_r, 'id')),
            '--note">',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'reflection.saving_note')),
            '</span>\n    <span class="reflection-status" data-reflection-status="',
            escape(environment.getattr(l_1_r, 'id')),
            '"></span></p>\n</div>\n',
        ))
        return concat(t_13)
    context.exported_vars.add('reflection')
    context.vars['reflection'] = l_0_reflection = Macro(environment, macro, 'reflection', ('r',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro():
        t_14 = []
        l_1_t = resolve('t')
        pass
        t_14.extend((
            '<div class="reflection-tools needs-js">\n  <p>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'reflection.tools_note')),
            '</p>\n  <button type="button" class="button" data-reflections-download>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'reflection.download')),
            '</button>\n  <button type="button" class="button" data-reflections-print>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'reflection.print')),
            '</button>\n</div>\n',
        ))
        return concat(t_14)
    context.exported_vars.add('reflection_tools')
    context.vars['reflection_tools'] = l_0_reflection_tools = Macro(environment, macro, 'reflection_tools', (), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_q, l_1_scored):
        t_15 = []
        l_1_t = resolve('t')
        if l_1_q is missing:
            l_1_q = undefined("parameter 'q' was not provided", name='q')
        if l_1_scored is missing:
            l_1_scored = False
        pass
        t_15.extend((
            '<form class="question question-',
            escape(environment.getattr(environment.getattr(l_1_q, 'kind'), 'value')),
            '" data-question="',
            escape(environment.getattr(l_1_q, 'id')),
            '" novalidate>\n  <fieldset>\n    <legend class="question-prompt" id="',
            escape(environment.getattr(l_1_q, 'id')),
            '--prompt">',
            escape(context.call((undefined(name='inline') if l_0_inline is missing else l_0_inline), environment.getattr(l_1_q, 'prompt'))),
            '</legend>\n',
        ))
        if (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') in ('single', 'true-false', 'multiple')):
            pass
            if (((environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'multiple') and ('choose ' not in t_2(t_6(environment.getattr(l_1_q, 'prompt'))))) and ('select ' not in t_2(t_6(environment.getattr(l_1_q, 'prompt'))))):
                pass
                t_15.extend((
                    '<p class="question-hint">',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.select_all')),
                    '</p>',
                ))
            t_15.append(
                '      <div class="options">\n',
            )
            for l_2_c in environment.getattr(l_1_q, 'choices'):
                _loop_vars = {}
                pass
                t_15.extend((
                    '        <div class="option" data-choice="',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">\n          <input type="',
                    escape(('checkbox' if (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'multiple') else 'radio')),
                    '" name="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '" id="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '" value="',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">\n          <label for="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">',
                ))
                if (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'true-false'):
                    pass
                    t_15.append(
                        escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), ('question.true' if (t_2(environment.getattr(l_2_c, 'plain')) == 'true') else 'question.false'), _loop_vars=_loop_vars)),
                    )
                else:
                    pass
                    t_15.append(
                        escape(environment.getattr(l_2_c, 'text')),
                    )
                t_15.append(
                    '</label>\n          <span class="mark" data-mark></span>\n        </div>\n',
                )
            l_2_c = missing
            t_15.append(
                '      </div>\n',
            )
        elif (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') in ('fill-in', 'numeric')):
            pass
            t_15.extend((
                '      <div class="options">\n        <label for="',
                escape(environment.getattr(l_1_q, 'id')),
                '--answer">',
                escape((context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.your_number') if (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'numeric') else context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.your_answer'))),
                '</label>\n        <input type="text" id="',
                escape(environment.getattr(l_1_q, 'id')),
                '--answer" name="',
                escape(environment.getattr(l_1_q, 'id')),
                '" autocomplete="off" spellcheck="false"\n',
            ))
            if (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'numeric'):
                pass
                t_15.append(
                    'inputmode="decimal"',
                )
            t_15.append(
                ' data-answer-input>\n        <span class="mark" data-mark></span>\n      </div>\n',
            )
        elif (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'matching'):
            pass
            t_15.append(
                '      <div class="options matching">\n',
            )
            for l_2_c in environment.getattr(l_1_q, 'choices'):
                l_2_targets = resolve('targets')
                _loop_vars = {}
                pass
                t_15.extend((
                    '        <div class="match-row" data-choice="',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">\n          <label for="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">',
                    escape(environment.getattr(l_2_c, 'text')),
                    '</label>\n          <select id="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '" name="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">\n            <option value="">',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.match_placeholder', _loop_vars=_loop_vars)),
                    '</option>\n',
                ))
                for (l_3_letter, l_3_target) in context.call((undefined(name='targets') if l_2_targets is missing else l_2_targets), l_1_q, _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    t_15.extend((
                        '<option value="',
                        escape(l_3_letter),
                        '">',
                        escape(l_3_target),
                        '</option>',
                    ))
                l_3_letter = l_3_target = missing
                t_15.append(
                    '          </select>\n          <span class="mark" data-mark></span>\n        </div>\n',
                )
            l_2_c = l_2_targets = missing
            t_15.append(
                '      </div>\n',
            )
        elif (environment.getattr(environment.getattr(l_1_q, 'kind'), 'value') == 'ordering'):
            pass
            t_15.extend((
                '      <p class="question-hint">',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.order_hint')),
                '</p>\n      <ol class="options ordering" data-ordering>\n',
            ))
            for l_2_c in t_5(environment, environment.getattr(l_1_q, 'choices'), attribute='id'):
                _loop_vars = {}
                pass
                t_15.extend((
                    '        <li class="order-item" data-choice="',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">\n          <span class="order-text" id="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">',
                    escape(environment.getattr(l_2_c, 'text')),
                    '</span>\n          <span class="order-buttons needs-js">\n            <button type="button" class="button button-small" data-move="up" aria-describedby="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.move_up', _loop_vars=_loop_vars)),
                    '</button>\n            <button type="button" class="button button-small" data-move="down" aria-describedby="',
                    escape(environment.getattr(l_1_q, 'id')),
                    '--',
                    escape(environment.getattr(l_2_c, 'id')),
                    '">',
                    escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.move_down', _loop_vars=_loop_vars)),
                    '</button>\n          </span>\n        </li>\n',
                ))
            l_2_c = missing
            t_15.append(
                '      </ol>\n      <p class="visually-hidden" aria-live="polite" data-order-status></p>\n',
            )
        t_15.append(
            '  </fieldset>\n',
        )
        if (not l_1_scored):
            pass
            t_15.extend((
                '  <p class="question-verdict" tabindex="-1" data-verdict hidden></p>\n  <div class="question-actions needs-js">\n    <button type="submit" class="button button-primary" data-check-answer>',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.check')),
                '</button>\n    <button type="button" class="button button-primary" data-try-again hidden>',
                escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'question.try_again')),
                '</button>\n  </div>\n  <p class="question-problem" data-problem></p>\n  <p class="visually-hidden" role="status" data-announce></p>\n',
            ))
        if environment.getattr(l_1_q, 'explanation'):
            pass
            t_15.append(
                '<div class="explanation" data-explanation hidden></div>',
            )
        t_15.append(
            '</form>\n',
        )
        return concat(t_15)
    context.exported_vars.add('question')
    context.vars['question'] = l_0_question = Macro(environment, macro, 'question', ('q', 'scored'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_module):
        t_16 = []
        l_1_t = resolve('t')
        if l_1_module is missing:
            l_1_module = undefined("parameter 'module' was not provided", name='module')
        pass
        t_16.extend((
            '<div class="quiz-end needs-js" data-quiz-end="',
            escape(environment.getattr(l_1_module, 'id')),
            '">\n  <div class="attempt" data-attempt>\n    <div class="attempt-head">\n      <h2 class="attempt-position" tabindex="-1" data-position></h2>\n      <p class="attempt-answered" data-answered></p>\n    </div>\n    <p class="attempt-note">',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.autosave')),
            '</p>\n    <div class="attempt-stage" data-stage></div>\n    <div class="attempt-nav">\n      <button type="button" class="button" data-attempt-prev>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.previous')),
            '</button>\n      <button type="button" class="button button-primary" data-attempt-next>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.next')),
            '</button>\n      <button type="button" class="button button-primary" data-attempt-review hidden>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.review')),
            '</button>\n    </div>\n  </div>\n  <section class="attempt-check" data-attempt-check aria-labelledby="',
            escape(environment.getattr(l_1_module, 'id')),
            '--check" hidden>\n    <h2 id="',
            escape(environment.getattr(l_1_module, 'id')),
            '--check" tabindex="-1">',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.check_title')),
            '</h2>\n    <p data-check-summary></p>\n    <ul class="check-missing" data-check-missing></ul>\n    <div class="check-actions">\n      <button type="button" class="button" data-check-back>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.check_back')),
            '</button>\n      <button type="button" class="button button-primary" data-quiz-submit>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'assessment.submit')),
            '</button>\n    </div>\n  </section>\n  <section class="results" data-results aria-labelledby="',
            escape(environment.getattr(l_1_module, 'id')),
            '--results" hidden>\n    <h2 id="',
            escape(environment.getattr(l_1_module, 'id')),
            '--results" tabindex="-1">',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'results.title')),
            '</h2>\n    <p class="results-score" data-results-score></p>\n    <p class="results-verdict" data-results-verdict></p>\n    <p data-results-attempts></p>\n    <div class="finish-offer" data-finish-offer hidden>\n      <p>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'finish.offer_text')),
            '</p>\n      <button type="button" class="button button-primary" data-finish>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'finish.offer_button')),
            '</button>\n    </div>\n    <div class="results-actions" data-results-actions>\n      <button type="button" class="button button-primary" data-quiz-retry hidden>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'results.retry')),
            '</button>\n    </div>\n    <p class="results-note" data-results-note hidden></p>\n    <div class="results-topics" data-results-topics hidden>\n      <h3>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'results.topics_title')),
            '</h3>\n      <p data-results-revise></p>\n      <ul class="topic-list" data-topic-list></ul>\n    </div>\n    <details class="disclosure results-review" data-results-review hidden>\n      <summary>',
            escape(context.call((undefined(name='t') if l_1_t is missing else l_1_t), 'results.review_title')),
            '</summary>\n      <ol class="review disclosure-body" data-review></ol>\n    </details>\n  </section>\n</div>\n',
        ))
        return concat(t_16)
    context.exported_vars.add('quiz_end')
    context.vars['quiz_end'] = l_0_quiz_end = Macro(environment, macro, 'quiz_end', ('module',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '1=54&3=63&4=70&5=74&7=77&10=89&11=93&12=95&13=104&18=129&19=131&20=138&21=144&22=150&23=156&24=162&25=168&26=174&27=180&28=189&33=196&35=203&37=206&42=220&43=227&45=230&46=232&47=243&52=250&54=262&55=270&56=272&57=274&58=278&59=282&61=286&62=290&66=297&68=303&69=305&70=307&74=314&78=324&80=328&81=333&83=335&85=345&86=350&87=352&88=362&93=384&95=388&96=392&97=397&100=405&102=410&103=416&104=418&105=424&106=432&107=435&113=453&114=457&116=460&117=465&118=467&120=473&121=479&129=493&132=497&133=499&139=502&143=514&144=522&150=524&153=526&154=528&155=530&158=532&159=534&163=538&164=540&167=542&170=544&175=548&176=550&180=552&184=554&189=556'