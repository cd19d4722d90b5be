# scr-course: sco.html.j2 compiled by jinja2 3.1.6; source sha256 4d30eaf99548456c475b12d68d2483206c916564350b7ad9cb77bba6586031cb; settings sha256 97dbcf755fba0f822a8045873fd1505955afed62490d9bec462280e1b929f1a2
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sco.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_course = resolve('course')
    l_0_csp = resolve('csp')
    l_0_sco = resolve('sco')
    l_0_t = resolve('t')
    l_0_logo = resolve('logo')
    l_0_start_id = resolve('start_id')
    l_0_total_minutes = resolve('total_minutes')
    l_0_content_note = resolve('content_note')
    l_0_pages = resolve('pages')
    l_0_page_mark = resolve('page_mark')
    l_0_data = resolve('data')
    l_0_blocks = l_0_duration = missing
    try:
        t_1 = environment.filters['first']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'first' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['last']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'last' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_6 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_0_blocks = context.vars['blocks'] = environment.get_template('_blocks.html.j2', 'sco.html.j2').make_module(context.get_all(), True, {'blocks': l_0_blocks, 'duration': l_0_duration})
    context.exported_vars.discard('blocks')
    def macro(l_1_minutes):
        t_7 = []
        if l_1_minutes is missing:
            l_1_minutes = undefined("parameter 'minutes' was not provided", name='minutes')
        pass
        if (l_1_minutes >= 60):
            pass
            t_7.append(
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'time.hours_minutes', hours=(l_1_minutes // 60), minutes=(l_1_minutes % 60))),
            )
        else:
            pass
            t_7.append(
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'time.minutes', minutes=l_1_minutes)),
            )
        return concat(t_7)
    context.exported_vars.add('duration')
    context.vars['duration'] = l_0_duration = Macro(environment, macro, 'duration', ('minutes',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'language'))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="generator" content="scr-course">\n<meta name="color-scheme" content="light dark">\n<title>'
    yield escape(environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'title'))
    yield '</title>\n<link rel="stylesheet" href="runtime/player.css">\n<link rel="stylesheet" href="runtime/theme.css">\n<noscript><link rel="stylesheet" href="runtime/nojs.css"></noscript>\n<script src="runtime/player.js" defer></script>\n</head>\n<body>\n<a class="skip-link" href="#main">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'skip_link'))
    yield '</a>\n<header class="course-header">\n'
    if (undefined(name='logo') if l_0_logo is missing else l_0_logo):
        pass
        yield '<img class="course-logo" src="'
        yield escape(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'href'))
        yield '" alt="'
        yield escape(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'alt'))
        yield '" width="'
        yield escape(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'width'))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='logo') if l_0_logo is missing else l_0_logo), 'height'))
        yield '">'
    yield '  <p class="course-title" title="'
    yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'title'))
    yield '">'
    yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'title'))
    yield '</p>\n  <div class="progress needs-js" id="progress">\n    <span class="progress-track" aria-hidden="true"><span class="progress-fill" id="progress-fill" data-zero></span></span>\n    <span class="progress-text" id="progress-text" role="status">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'progress.label'))
    yield '</span>\n  </div>\n</header>\n<div class="notices">\n  <p class="notice notice-quiet" id="lms-note" role="status"></p>\n  <p class="notice notice-alert" id="lms-alert" role="alert"></p>\n  <p class="notice notice-alert" id="tab-alert" role="alert"></p>\n</div>\n<div class="layout">\n<nav class="contents" aria-labelledby="contents-title">\n  <details id="contents" open>\n    <summary id="contents-title">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'contents.title'))
    yield '</summary>\n    <ol class="contents-list">\n      <li><a href="#'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '" data-page-link="'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.nav'))
    yield '</a></li>\n'
    for l_1_page in environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'pages_before'):
        _loop_vars = {}
        pass
        yield '      <li><a href="#'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '" data-page-link="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_page, 'title'))
        yield '</a></li>\n'
    l_1_page = missing
    for l_1_module in environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'modules'):
        _loop_vars = {}
        pass
        yield '      <li class="contents-module" data-module="'
        yield escape(environment.getattr(l_1_module, 'id'))
        yield '">\n        <a href="#'
        yield escape(environment.getattr(environment.getitem(environment.getattr(l_1_module, 'pages'), 0), 'id'))
        yield '" data-page-link="'
        yield escape(environment.getattr(environment.getitem(environment.getattr(l_1_module, 'pages'), 0), 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_module, 'title'))
        yield '\n          <span class="contents-status" data-module-status="'
        yield escape(environment.getattr(l_1_module, 'id'))
        yield '">'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'status.assessment_not_passed', _loop_vars=_loop_vars) if environment.getattr(environment.getattr(l_1_module, 'quiz'), 'scored') else context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'status.not_started', _loop_vars=_loop_vars)))
        yield '</span></a>\n'
        if (t_4(environment.getattr(l_1_module, 'pages')) > 1):
            pass
            yield '        <ol class="contents-pages">\n'
            for l_2_page in environment.getattr(l_1_module, 'pages')[1:]:
                l_2_repeated_titles = resolve('repeated_titles')
                _loop_vars = {}
                pass
                yield '          <li><a href="#'
                yield escape(environment.getattr(l_2_page, 'id'))
                yield '" data-page-link="'
                yield escape(environment.getattr(l_2_page, 'id'))
                yield '">'
                yield escape(environment.getattr(l_2_page, 'title'))
                if (environment.getattr(l_2_page, 'title') in (undefined(name='repeated_titles') if l_2_repeated_titles is missing else l_2_repeated_titles)):
                    pass
                    yield '<span class="visually-hidden"> '
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'contents.in_module', module=environment.getattr(l_1_module, 'title'), _loop_vars=_loop_vars))
                    yield '</span>'
                yield '</a></li>\n'
            l_2_page = l_2_repeated_titles = missing
            yield '        </ol>\n'
        yield '      </li>\n'
    l_1_module = missing
    l_1_loop = missing
    for l_1_page, l_1_loop in LoopContext(environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'pages_after'), undefined):
        _loop_vars = {}
        pass
        yield '      <li class="'
        yield escape(('contents-extra' if environment.getattr(l_1_loop, 'first') else cond_expr_undefined("the inline if-expression on line 59 in 'sco.html.j2' evaluated to false and no else section was defined.")))
        yield '"><a href="#'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '" data-page-link="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_page, 'title'))
        yield '</a></li>\n'
    l_1_loop = l_1_page = missing
    yield '    </ol>\n  </details>\n</nav>\n<main id="main" tabindex="-1">\n  <p class="page-loading" id="page-loading" role="status" hidden></p>\n  <section class="panel" id="resume-panel" aria-labelledby="resume-title" hidden>\n    <h1 id="resume-title" tabindex="-1">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'resume.title'))
    yield '</h1>\n    <p>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'resume.text'))
    yield '</p>\n    <p class="resume-where" id="resume-where"></p>\n    <div class="panel-actions">\n      <button type="button" class="button button-primary" id="resume-continue">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'resume.continue'))
    yield '</button>\n      <button type="button" class="button" id="resume-restart">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'resume.restart'))
    yield '</button>\n    </div>\n  </section>\n  <section class="panel locked-panel" id="locked-panel" aria-labelledby="locked-title" hidden>\n    <h1 id="locked-title" tabindex="-1"></h1>\n    <p id="locked-text"></p>\n    <ul id="locked-todo"></ul>\n  </section>\n  <section class="panel finish-panel" id="finish-panel" aria-labelledby="finish-title" hidden>\n    <h1 id="finish-title" tabindex="-1">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.title'))
    yield '</h1>\n    <p id="finish-text"></p>\n    <dl class="outcome" id="finish-outcome"></dl>\n    <h2>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.record_title'))
    yield '</h2>\n    <p>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.record_text'))
    yield '</p>\n    <div class="panel-actions">\n      <button type="button" class="button button-primary" data-record-download>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'record.download'))
    yield '</button>\n      <button type="button" class="button" data-record-print>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'record.print'))
    yield '</button>\n    </div>\n    <h2>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.support_title'))
    yield '</h2>\n    <p>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.support_text'))
    yield '</p>\n'
    if environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'pages_before'):
        pass
        yield '<p><a href="#'
        yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'pages_before'), 0), 'id'))
        yield '">'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.support_link', page=environment.getattr(environment.getitem(environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'pages_before'), 0), 'title')))
        yield '</a></p>'
    yield '    <p><strong>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'finish.close'))
    yield '</strong></p>\n  </section>\n  <section class="page start-page" id="'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '" data-page="'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '" aria-labelledby="'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '--title">\n    <h1 id="'
    yield escape((undefined(name='start_id') if l_0_start_id is missing else l_0_start_id))
    yield '--title" tabindex="-1">'
    yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'title'))
    yield '</h1>\n    <p class="start-time">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.time_value', time=context.call((undefined(name='duration') if l_0_duration is missing else l_0_duration), (undefined(name='total_minutes') if l_0_total_minutes is missing else l_0_total_minutes))))
    yield '</p>\n    <div class="panel-actions start-actions needs-js">\n      <button type="button" class="button button-primary" id="start-course" data-start>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.begin'))
    yield '</button>\n      <button type="button" class="button button-primary" id="start-continue" data-continue hidden>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.continue'))
    yield '</button>\n    </div>\n'
    if environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'description'):
        pass
        yield '<p class="start-description">'
        yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'description'))
        yield '</p>'
    if (undefined(name='content_note') if l_0_content_note is missing else l_0_content_note):
        pass
        yield escape(context.call(environment.getattr((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), 'callout'), (undefined(name='content_note') if l_0_content_note is missing else l_0_content_note)))
    yield '    <dl class="start-facts">\n'
    if environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'audience'):
        pass
        yield '<dt>'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.audience'))
        yield '</dt><dd>'
        yield escape(t_2(context.eval_ctx, environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'audience'), ', '))
        yield '</dd>'
    yield '      <dt>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.version'))
    yield '</dt><dd>'
    yield escape(environment.getattr((undefined(name='course') if l_0_course is missing else l_0_course), 'version'))
    yield '</dd>\n    </dl>\n    <h2>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'start.modules'))
    yield '</h2>\n    <ol class="start-modules">\n'
    for l_1_module in environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'modules'):
        l_1_minutes = resolve('minutes')
        _loop_vars = {}
        pass
        yield '      <li><a href="#'
        yield escape(environment.getattr(environment.getitem(environment.getattr(l_1_module, 'pages'), 0), 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_module, 'title'))
        yield '</a>\n        <span class="start-module-meta">'
        yield escape(context.call((undefined(name='duration') if l_0_duration is missing else l_0_duration), environment.getitem((undefined(name='minutes') if l_1_minutes is missing else l_1_minutes), environment.getattr(l_1_module, 'id')), _loop_vars=_loop_vars))
        yield ' · <span data-module-status="'
        yield escape(environment.getattr(l_1_module, 'id'))
        yield '">'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'status.assessment_not_passed', _loop_vars=_loop_vars) if environment.getattr(environment.getattr(l_1_module, 'quiz'), 'scored') else context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'status.not_started', _loop_vars=_loop_vars)))
        yield '</span></span></li>\n'
    l_1_module = l_1_minutes = missing
    yield '    </ol>\n  </section>\n'
    for (l_1_page, l_1_module_id) in (undefined(name='pages') if l_0_pages is missing else l_0_pages):
        l_1_module = l_1_scored = l_1_quiz_page = missing
        _loop_vars = {}
        pass
        yield escape((undefined(name='page_mark') if l_0_page_mark is missing else l_0_page_mark))
        yield '\n'
        l_1_module = (t_1(environment, t_6(context, environment.getattr((undefined(name='sco') if l_0_sco is missing else l_0_sco), 'modules'), 'id', 'equalto', l_1_module_id)) if l_1_module_id else None)
        _loop_vars['module'] = l_1_module
        l_1_scored = (environment.getattr(environment.getattr((undefined(name='module') if l_1_module is missing else l_1_module), 'quiz'), 'scored') if (undefined(name='module') if l_1_module is missing else l_1_module) else False)
        _loop_vars['scored'] = l_1_scored
        l_1_quiz_page = ((undefined(name='scored') if l_1_scored is missing else l_1_scored) and (environment.getattr(t_3(environment, t_5(context.eval_ctx, t_6(context, environment.getattr((undefined(name='module') if l_1_module is missing else l_1_module), 'pages'), 'questions'))), 'id') == environment.getattr(l_1_page, 'id')))
        _loop_vars['quiz_page'] = l_1_quiz_page
        yield '  <section class="page" id="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '" data-page="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '" aria-labelledby="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '--title"'
        if environment.getattr(l_1_page, 'on_this_page'):
            pass
            yield ' data-on-this-page="'
            yield escape(environment.getattr(l_1_page, 'on_this_page'))
            yield '"'
        yield ' hidden>\n    <h1 id="'
        yield escape(environment.getattr(l_1_page, 'id'))
        yield '--title" tabindex="-1">'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'assessment.heading', module=environment.getattr((undefined(name='module') if l_1_module is missing else l_1_module), 'title'), page=environment.getattr(l_1_page, 'title'), _loop_vars=_loop_vars) if ((undefined(name='quiz_page') if l_1_quiz_page is missing else l_1_quiz_page) and (environment.getattr((undefined(name='module') if l_1_module is missing else l_1_module), 'title') != environment.getattr(l_1_page, 'title'))) else environment.getattr(l_1_page, 'title')))
        yield '</h1>\n'
        if ((undefined(name='module') if l_1_module is missing else l_1_module) and (environment.getattr(environment.getitem(environment.getattr((undefined(name='module') if l_1_module is missing else l_1_module), 'pages'), 0), 'id') == environment.getattr(l_1_page, 'id'))):
            pass
            yield '      '
            yield escape(context.call(environment.getattr((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), 'module_intro'), (undefined(name='module') if l_1_module is missing else l_1_module), _loop_vars=_loop_vars))
            yield '\n'
        for l_2_block in environment.getattr(l_1_page, 'blocks'):
            _loop_vars = {}
            pass
            yield '      '
            yield escape(context.call(environment.getattr((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), 'block'), l_2_block, (undefined(name='scored') if l_1_scored is missing else l_1_scored), _loop_vars=_loop_vars))
            yield '\n'
        l_2_block = missing
        if environment.getattr(l_1_page, 'reflections'):
            pass
            yield '      '
            yield escape(context.call(environment.getattr((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), 'reflection_tools'), _loop_vars=_loop_vars))
            yield '\n'
        if (undefined(name='quiz_page') if l_1_quiz_page is missing else l_1_quiz_page):
            pass
            yield '      '
            yield escape(context.call(environment.getattr((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), 'quiz_end'), (undefined(name='module') if l_1_module is missing else l_1_module), _loop_vars=_loop_vars))
            yield '\n'
        yield '  </section>\n'
    l_1_page = l_1_module_id = l_1_module = l_1_scored = l_1_quiz_page = missing
    yield escape((undefined(name='page_mark') if l_0_page_mark is missing else l_0_page_mark))
    yield '\n</main>\n<div class="page-tools needs-js" id="page-tools">\n  <button type="button" id="print-module" class="button" hidden>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'nav.print_module'))
    yield '</button>\n</div>\n</div>\n<nav class="pager needs-js" id="pager" aria-label="'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'nav.label'))
    yield '">\n  <button type="button" id="prev-page" class="button">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'nav.previous'))
    yield '</button>\n  <span id="page-position" class="page-position"></span>\n  <button type="button" id="next-page" class="button button-primary">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'nav.next'))
    yield '</button>\n  <button type="button" id="finish" class="button button-primary" hidden>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), 'nav.finish'))
    yield '</button>\n</nav>\n<section class="print-only" id="record-print" aria-hidden="true"></section>\n<script type="application/json" id="scr-data">'
    yield escape((undefined(name='data') if l_0_data is missing else l_0_data))
    yield '</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '1=59&2=61&3=66&6=80&10=82&13=84&21=86&23=88&25=100&28=104&39=106&41=108&42=114&43=118&45=125&46=129&47=131&48=137&49=141&51=144&52=149&58=165&59=169&67=179&68=181&71=183&72=185&82=187&85=189&86=191&88=193&89=195&91=197&92=199&93=201&94=209&96=211&97=217&100=221&102=223&103=225&105=227&106=232&108=236&109=244&111=248&113=250&114=255&115=259&119=267&120=271&121=273&122=275&123=277&124=280&126=292&127=296&128=299&130=301&131=305&133=308&134=311&136=313&137=316&141=320&145=322&148=324&149=326&151=328&152=330&155=332'